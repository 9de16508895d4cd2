import "server-only";
import type { Verification } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { requireProvider } from "@/lib/core/provider";
import { log } from "@/lib/log";
import { smsText } from "./code";
import { flowrouteConfig, FlowrouteError, sendSms, toFlowrouteNumber } from "./provider";
import { markSendFailed, markSent } from "./queries";
import { sendFailureWords } from "./reasons";

// Sending a code by SMS through Flowroute (or its emulator), and the limits on it.

export type Delivery =
  | { ok: true }
  | {
      ok: false;
      message: string;
      /** The provider's Retry-After, when it is throttling us. */ retryAfterSeconds?: number;
    };

export const UNAVAILABLE =
  "SMS verification is not configured on this server (no Flowroute credentials).";

export function requireSmsProvider() {
  return requireProvider(flowrouteConfig(), UNAVAILABLE);
}

/** Sends `code` for `verification`, recording the outcome; never throws for a failed send. */
export async function deliver(
  verification: Verification,
  code: string,
  sentAt: number,
): Promise<Delivery> {
  const config = requireSmsProvider();
  const env = getEnv();
  const body = smsText({ template: env.AUTH_MESSAGE, org: env.ORG_NAME, code, appUrl: env.appUrl });
  try {
    const sent = await sendSms(config, { to: toFlowrouteNumber(verification.phone), body });
    await markSent(verification.id, sentAt, sent.id);
    log.info("sms sent", {
      verificationId: verification.id,
      messageId: sent.id,
      sandbox: config.sandbox,
    });
    return { ok: true };
  } catch (error) {
    const retryAfterSeconds =
      error instanceof FlowrouteError && error.kind === "rate_limited"
        ? (error.retryAfterSeconds ?? 1)
        : undefined;
    await markSendFailed(verification.id, sentAt, retryAfterSeconds);
    if (!(error instanceof FlowrouteError)) throw error;
    log.warn("sms send failed", { verificationId: verification.id, ...error.summary });
    const words =
      error.kind === "invalid" || error.kind === "forbidden"
        ? sendFailureWords.refused
        : error.kind === "rate_limited"
          ? sendFailureWords.busy
          : sendFailureWords.failed;
    return { ok: false, message: words, retryAfterSeconds };
  }
}
