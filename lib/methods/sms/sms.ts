import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError, rateLimited } from "@/lib/errors";
import { log } from "@/lib/log";
import { takeRateLimit } from "@/lib/db/rate-limits";
import type { Verification } from "@/lib/db/schema";
import { approve, expireIfOverdue, lock, reopen } from "@/lib/core/state-machine";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { claimCodeAttempt, markSendFailed, markSent, resendAllowed } from "./queries";
import { flowrouteConfig, FlowrouteError, sendSms, toFlowrouteNumber } from "./provider";
import { codeMatches, generateCode, hashCode, smsText } from "./code";
import type { SmsDetails } from "@/lib/core/dto";

// The SMS one-time-code method: a code by SMS through Flowroute, typed back by the person.

const PHONE_WINDOW_MS = 3600_000;

export type Delivery = { ok: true } | { ok: false; message: string };

/** Refuses a send to a number that had too many SMS in the last hour (security.md R18/R19). */
export async function takePhoneSendAllowance(phone: string, at: number): Promise<void> {
  const limit = getEnv().SMS_SENDS_PER_PHONE_PER_HOUR;
  const result = await takeRateLimit("sms_send", phone, limit, PHONE_WINDOW_MS, at);
  if (!result.allowed) {
    throw rateLimited(
      "Too many codes were sent to this number. Wait before asking for another one.",
      result.retryAfterMs / 1000,
    );
  }
}

/** Starts an SMS verification: the row is committed before the SMS is sent (R44). */
export async function startSms(input: {
  phone: string;
  bindingHash: string | null;
}): Promise<{ verification: Verification; delivery: Delivery }> {
  const config = requireSmsProvider();
  const env = getEnv();
  const at = now();
  await takePhoneSendAllowance(input.phone, at);
  const id = randomId();
  const code = generateCode(env.CODE_LENGTH);
  const verification = await insertVerification({
    id,
    method: "sms",
    phone: input.phone,
    bindingHash: input.bindingHash,
    codeHash: hashCode(id, code),
    maxAttempts: env.RETRIES_ALLOWED,
    sends: 1,
    lastSentAt: at,
    expiresAt: at + env.CODE_EXPIRATION * 1000,
    createdAt: at,
    updatedAt: at,
  });
  const delivery = await deliver(config, verification, code, at);
  return { verification: (await findVerification(id)) ?? verification, delivery };
}

/** Sends `code` for `verification`, recording the outcome; never throws for a failed send. */
export async function deliver(
  config: NonNullable<ReturnType<typeof flowrouteConfig>>,
  verification: Verification,
  code: string,
  sentAt: number,
): Promise<Delivery> {
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
    await markSendFailed(verification.id, sentAt);
    if (!(error instanceof FlowrouteError)) throw error;
    log.warn("sms send failed", {
      verificationId: verification.id,
      kind: error.kind,
      status: error.status,
      detail: error.detail,
    });
    return { ok: false, message: sendFailureMessage(error) };
  }
}

function sendFailureMessage(error: FlowrouteError): string {
  switch (error.kind) {
    case "invalid":
    case "forbidden":
      return "The SMS could not be delivered to this number. Check the number, or choose another method.";
    case "rate_limited":
      return "The SMS provider is busy. Wait a moment, then resend the code.";
    default:
      return "The SMS provider did not accept the message. Resend the code in a moment, or choose another method.";
  }
}

export function requireSmsProvider() {
  const config = flowrouteConfig();
  if (!config) {
    throw new ApiError(
      "method_unavailable",
      "SMS verification is not configured on this server (no Flowroute credentials).",
    );
  }
  return config;
}

export type CodeCheck =
  | { kind: "approved"; verification: Verification }
  | { kind: "wrong"; attemptsLeft: number }
  | { kind: "locked"; byThisGuess: boolean } // this guess used the last attempt, or none were left
  | { kind: "expired" }
  | { kind: "gone" }; // unknown, or already finished by another request

/**
 * Checks one guess. The attempt is counted before the comparison, atomically (R13); the
 * success is consumed atomically too (R14), so that of N right guesses at once exactly one
 * wins. Expiry is checked first, as in the seed service.
 */
export async function checkCode(verificationId: string, code: string): Promise<CodeCheck> {
  const at = now();
  const claimed = await claimCodeAttempt(verificationId, at);
  if (!claimed) return whyNoAttempt(verificationId, at);
  if (claimed.codeHash && codeMatches(claimed.id, code, claimed.codeHash)) {
    const approved = await approve(claimed, at);
    return approved ? { kind: "approved", verification: approved } : { kind: "gone" };
  }
  const attemptsLeft = claimed.maxAttempts - claimed.attempts;
  log.info("wrong sms code", { verificationId: claimed.id, attemptsLeft });
  if (attemptsLeft > 0) return { kind: "wrong", attemptsLeft };
  await lock(claimed, at);
  return { kind: "locked", byThisGuess: true };
}

async function whyNoAttempt(id: string, at: number): Promise<CodeCheck> {
  const row = await findVerification(id);
  if (!row) return { kind: "gone" };
  if (row.status === "expired") return { kind: "expired" };
  if (row.status === "locked") return { kind: "locked", byThisGuess: false };
  if (row.status !== "pending") return { kind: "gone" };
  if ((await expireIfOverdue(row, at)).status === "expired") return { kind: "expired" };
  // Pending, unexpired, no attempts left: a concurrent guess is locking it right now.
  return { kind: "locked", byThisGuess: false };
}

/** A new code replaces the old one, within the cooldown and the send cap (R19). */
export async function resendCode(
  row: Verification,
): Promise<{ verification: Verification; delivery: Delivery }> {
  const config = requireSmsProvider();
  const env = getEnv();
  const at = now();
  const cooldownMs = env.SMS_RESEND_COOLDOWN * 1000;
  if (row.status !== "pending" && row.status !== "expired") {
    throw new ApiError("conflict", "This verification is finished; start a new one to get a code.");
  }
  if (row.sends >= env.SMS_MAX_SENDS) {
    throw rateLimited(
      "No more codes can be sent for this verification. Start again in a while.",
      Math.max(1, (row.createdAt + PHONE_WINDOW_MS - at) / 1000),
    );
  }
  if (row.lastSentAt !== null && row.lastSentAt > at - cooldownMs) {
    throw rateLimited(
      "Wait a moment before asking for another code.",
      (row.lastSentAt + cooldownMs - at) / 1000,
    );
  }
  await takePhoneSendAllowance(row.phone, at);
  const code = generateCode(env.CODE_LENGTH);
  const updated = await reopen(
    row,
    {
      codeHash: hashCode(row.id, code),
      attempts: 0,
      sends: row.sends + 1,
      lastSentAt: at,
      expiresAt: at + env.CODE_EXPIRATION * 1000,
    },
    at,
    {
      from: ["pending", "expired"],
      where: resendAllowed(row, { at, maxSends: env.SMS_MAX_SENDS, cooldownMs }),
    },
  );
  // Another resend won the race in between: answer as the cooldown would.
  if (!updated)
    throw rateLimited(
      "Wait a moment before asking for another code.",
      Math.max(1, cooldownMs / 1000),
    );
  const delivery = await deliver(config, updated, code, at);
  return { verification: (await findVerification(row.id)) ?? updated, delivery };
}

export function smsDetails(row: Verification): SmsDetails {
  const env = getEnv();
  const cooldownMs = env.SMS_RESEND_COOLDOWN * 1000;
  const resendable =
    (row.status === "pending" || row.status === "expired") && row.sends < env.SMS_MAX_SENDS;
  return {
    codeLength: env.CODE_LENGTH,
    attemptsLeft: Math.max(0, row.maxAttempts - row.attempts),
    sendsLeft: Math.max(0, env.SMS_MAX_SENDS - row.sends),
    resendAvailableAt: resendable
      ? new Date(
          row.lastSentAt === null ? row.createdAt : row.lastSentAt + cooldownMs,
        ).toISOString()
      : null,
    lastSendFailed: row.statusReason === "send_failed",
  };
}
