import "server-only";
import type { Verification } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { requireProvider } from "@/lib/core/provider";
import { messagesFor, say, words, type Words } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locales";
import { log } from "@/lib/log";
import { smsText } from "./code";
import { flowrouteConfig, FlowrouteError, sendSms, toFlowrouteNumber } from "./provider";
import { markSendFailed, markSent } from "./queries";
import { smsSettings } from "./settings";

// Sending a code by SMS through Flowroute (or its emulator), and the limits on it.

export type Delivery =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** In English, for the seed API; `words` for a person, in their language. */
      message: string;
      words: Words;
      /** The provider's Retry-After, when it is throttling us. */ retryAfterSeconds?: number;
    };

export const UNAVAILABLE = words("server.errors.smsOff");

/**
 * The failures after which the SMS may have gone out all the same: no answer in time, or an
 * acceptance we could not read. The provider may have sent (and billed) it. A connection that
 * failed is taken as nothing sent: most often it was never made, and the person may retry.
 */
const UNCONFIRMED = new Set<FlowrouteError["kind"]>(["timeout", "malformed"]);

/**
 * The text of a code's SMS: the operator's AUTH_MESSAGE when set, else the catalogue's, in the
 * person's language (each fits one GSM-7 segment: lib/methods/sms/sms-text.test.ts).
 */
export function codeText(code: string, locale: Locale): string {
  const env = getEnv();
  const sms = smsSettings.read();
  const template = sms.AUTH_MESSAGE ?? messagesFor(locale).server.smsText;
  return smsText({ template, org: sms.ORG_NAME, code, appUrl: env.appUrl });
}

function requireSmsProvider() {
  return requireProvider(flowrouteConfig(), UNAVAILABLE);
}

/**
 * Sends `code` for `verification`, in `locale`, recording the outcome; never throws for a failed
 * send.
 */
export async function deliver(
  verification: Verification,
  code: string,
  sentAt: number,
  locale: Locale = "en",
): Promise<Delivery> {
  const config = requireSmsProvider();
  const body = codeText(code, locale);
  let sent: { id: string };
  try {
    sent = await sendSms(config, { to: toFlowrouteNumber(verification.phone), body });
  } catch (error) {
    const retryAfterSeconds =
      error instanceof FlowrouteError && error.kind === "rate_limited"
        ? (error.retryAfterSeconds ?? 1)
        : undefined;
    const unconfirmed = error instanceof FlowrouteError && UNCONFIRMED.has(error.kind);
    // The number itself refused (not a number for texts, or one the account may not reach):
    // told apart from the provider failing, which is no reason to doubt the number.
    const refused =
      error instanceof FlowrouteError && (error.kind === "invalid" || error.kind === "forbidden");
    await markSendFailed(verification, sentAt, { unconfirmed, refused, retryAfterSeconds });
    if (!(error instanceof FlowrouteError)) throw error;
    log.warn("sms send failed", { verificationId: verification.id, unconfirmed, ...error.summary });
    const said = words(
      refused
        ? "server.errors.smsRefused"
        : error.kind === "rate_limited"
          ? "server.errors.smsBusy"
          : unconfirmed
            ? "server.errors.smsUnconfirmed"
            : "server.errors.smsFailed",
    );
    return { ok: false, message: say("en", said), words: said, retryAfterSeconds };
  }
  // Outside the try: the SMS went out, and a database that fails to record its id is no failed
  // send (that would undo the cooldown of an SMS on its way). It throws as the database error
  // it is; the send's time, written before it, keeps the cooldown.
  await markSent(verification.id, sentAt, sent.id);
  log.info("sms sent", {
    verificationId: verification.id,
    messageId: sent.id,
    sandbox: config.sandbox,
  });
  return { ok: true, messageId: sent.id };
}
