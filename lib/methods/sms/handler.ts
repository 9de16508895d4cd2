import "server-only";
import { z } from "zod";
import { now } from "@/lib/clock";
import { parseWith } from "@/lib/parse";
import type { Caller } from "@/lib/core/caller";
import type { MethodHandler, Outcome } from "@/lib/core/method";
import { reopen } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";
import { findSession } from "@/lib/db/sessions";
import { findVerification } from "@/lib/db/verifications";
import { ApiError, rateLimited } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locales";
import { guess } from "./check";
import { endedWords } from "./ended";
import { generateCode, hashCode } from "./code";
import type { SmsDetails } from "./details";
import { flowrouteConfig } from "./provider";
import { mayReach } from "./gate";
import { namedEntry } from "./guide-entry";
import { smsCountries, smsRefusal } from "./number-policy";
import { providerRetryAt, replacedState, resendAllowed } from "./queries";
import { noCodeWentOut, smsReasons } from "./reasons";
import { deliver, UNAVAILABLE } from "./send";
import { smsSettings } from "./settings";

// The SMS one-time-code method: a code by SMS through Flowroute, typed back by the person.
// Its actions: `code` (a guess) and `resend` (a new code).

// A start's own options: the proof-of-work widget's solution, when one was asked for
// (403 challenge_required), sent by the browser with its start.
// The widget sends it as base64 (of its JSON): anything else is no solution at all.
const browserOptions = {
  challenge: z
    .string()
    .max(8192)
    .regex(/^[A-Za-z0-9+/_-]+={0,2}$/, {
      error: "the robot check's solution, as its widget gave it",
    })
    .optional(),
};
const startOptions = z.object(browserOptions);

/** A new code: its hash is stored, the code itself only ever goes into the SMS. */
function newCode(id: string, at: number) {
  const sms = smsSettings.read();
  const code = generateCode(sms.CODE_LENGTH);
  return { code, codeHash: hashCode(id, code), expiresAt: at + sms.CODE_EXPIRATION * 1000 };
}

async function sendCode(
  row: Verification,
  code: string,
  at: number,
  locale: Locale | undefined,
): Promise<Outcome> {
  const delivery = await deliver(row, code, at, locale);
  // Sent: the row as this request wrote it, with the message id markSent added, not read
  // again (the read cost a create a twentieth of its time). Only a guess with the new code could
  // have changed it meanwhile, and a poll shows that a moment later.
  if (delivery.ok) return { verification: { ...row, providerRef: delivery.messageId } };
  const verification = (await findVerification(row.id)) ?? row;
  // The provider is throttling us: say so as it did, with when to try again.
  const { words: message, retryAfterSeconds } = delivery;
  const failure = retryAfterSeconds === undefined ? "sms_send_failed" : "rate_limited";
  return { verification, problem: { code: failure, message, retryAfterSeconds } };
}

/**
 * How long after its last send a verification that sent `sends` codes may send another:
 * SMS_RESEND_COOLDOWN after the first, then twice as long after each one more (30 s, 1, 2, 4
 * minutes…), at most 32 times as long: a person waits little, a script asking for code after
 * code waits longer and longer (docs/security.md#sending-limits).
 */
function resendCooldownMs(sends: number): number {
  const doublings = Math.min(5, Math.max(0, sends - 1));
  return smsSettings.read().SMS_RESEND_COOLDOWN * 1000 * 2 ** doublings;
}

/** A new code replaces the old one, within the cooldown, the send cap and the budgets. */
async function resend(row: Verification, _input: unknown, caller: Caller): Promise<Outcome> {
  const sms = smsSettings.read();
  const at = now();
  const cooldownMs = resendCooldownMs(row.sends);
  if (row.status !== "pending" && row.status !== "expired") {
    throw new ApiError("conflict", words(await endedWords(row)));
  }
  // Nothing more is sent for a session that has ended (cancelled by the app, given up, expired),
  // not even a code that timed out before it ended: checked here before any budget is taken,
  // and again by reopen's UPDATE for a session that ends meanwhile.
  if (await inEndedSession(row)) {
    throw new ApiError("conflict", words("server.errors.sessionEnded"));
  }
  // The cap is for good: no later retry of this verification can send, so no Retry-After (which
  // a client would obey, in a loop); the person starts a new one, within the number's budget.
  if (row.sends >= sms.SMS_MAX_SENDS) {
    throw new ApiError("conflict", words("server.errors.noMoreSends"));
  }
  const wait = () =>
    rateLimited(
      words("server.errors.cooldown"),
      row.lastSentAt === null ? 1 : (row.lastSentAt + cooldownMs - at) / 1000,
    );
  if (row.lastSentAt !== null && row.lastSentAt > at - cooldownMs) throw wait();
  const retryAt = providerRetryAt(row);
  if (retryAt !== undefined && retryAt > at) {
    throw rateLimited(words("server.errors.smsBusy"), (retryAt - at) / 1000);
  }
  // A resend from the browser that started the verification needs no new challenge.
  await mayReach(row.phone, at, caller, "skip");
  const { code, codeHash, expiresAt } = newCode(row.id, at);
  const fields = {
    codeHash,
    expiresAt,
    attempts: 0,
    sends: row.sends + 1,
    lastSentAt: at,
    providerState: replacedState(row),
  };
  const reopened = await reopen(row, fields, at, {
    from: ["pending", "expired"],
    where: resendAllowed(row, { at, maxSends: sms.SMS_MAX_SENDS, cooldownMs }),
  });
  if (!reopened) {
    if (await inEndedSession(row)) {
      throw new ApiError("conflict", words("server.errors.sessionEnded"));
    }
    // Another resend won the race in between: answer as the cooldown would, or as the cap
    // does when that one was the last.
    if (row.sends + 1 >= sms.SMS_MAX_SENDS) {
      throw new ApiError("conflict", words("server.errors.noMoreSends"));
    }
    throw rateLimited(
      words("server.errors.cooldown"),
      Math.max(1, resendCooldownMs(row.sends + 1) / 1000),
    );
  }
  return sendCode(reopened, code, at, caller.locale);
}

async function inEndedSession(row: Verification): Promise<boolean> {
  if (row.sessionId === null) return false;
  return (await findSession(row.sessionId))?.status !== "pending";
}

function details(row: Verification, { endsBy }: { endsBy?: number } = {}): { sms: SmsDetails } {
  const sms = smsSettings.read();
  const cooldownMs = resendCooldownMs(row.sends);
  const resendAt = Math.max(
    row.lastSentAt === null ? row.createdAt : row.lastSentAt + cooldownMs,
    providerRetryAt(row) ?? 0,
  );
  // A new code that could be asked for only once the session is over is none: the page says
  // no more can be sent, rather than count down to a button its session will have taken away.
  const resendable =
    (row.status === "pending" || row.status === "expired") &&
    row.sends < sms.SMS_MAX_SENDS &&
    (endsBy === undefined || resendAt < endsBy);
  return {
    sms: {
      codeLength: sms.CODE_LENGTH,
      attemptsLeft: Math.max(0, row.maxAttempts - row.attempts),
      // Every guess counts an attempt before it is compared: the one that approved was right.
      wrongCodes: row.status === "approved" ? Math.max(0, row.attempts - 1) : row.attempts,
      sendsLeft: Math.max(0, sms.SMS_MAX_SENDS - row.sends),
      resendAvailableAt: resendable ? new Date(resendAt).toISOString() : null,
      lastSendFailed: noCodeWentOut(row.statusReason),
      sandbox: flowrouteConfig()?.sandbox ?? false,
    },
  };
}

export const smsMethod = {
  name: "sms",
  providerName: "flowroute",
  asks: "a code",
  settings: smsSettings,
  provider: flowrouteConfig,
  unavailable: UNAVAILABLE,
  refuses: smsRefusal,
  countriesReached: smsCountries,
  browserOptions,
  prepare({ id, phone, at, options, caller, authId, othersHere }) {
    const { challenge } = parseWith(startOptions, options ?? {});
    const { code, codeHash, expiresAt } = newCode(id, at);
    const maxAttempts = smsSettings.read().RETRIES_ALLOWED;
    // The seed API's entry (guide.ts): overwritten in place; a server is asked no challenge.
    const entry = authId === undefined ? undefined : namedEntry(authId, phone.e164, code, at);
    return {
      fields: { codeHash, expiresAt, maxAttempts, sends: 1, lastSentAt: at },
      check: async () => {
        await entry?.refuseIfHeld();
        await mayReach(phone.e164, at, caller, entry ? "skip" : challenge, othersHere);
      },
      store: entry?.store,
      begin: (row) => sendCode(row, code, at, caller.locale),
    };
  },
  details,
  reasons: smsReasons,
  actions: { code: guess, resend },
} satisfies MethodHandler<{ sms: SmsDetails }>;
