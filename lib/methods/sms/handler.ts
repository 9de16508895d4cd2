import "server-only";
import { now } from "@/lib/clock";
import { takeAllowance } from "@/lib/core/limits";
import type { MethodHandler, Outcome } from "@/lib/core/method";
import { reopen } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { getEnv } from "@/lib/env";
import { ApiError, rateLimited } from "@/lib/errors";
import { guess } from "./check";
import { generateCode, hashCode } from "./code";
import type { SmsDetails } from "./details";
import { flowrouteConfig } from "./provider";
import { resendAllowed } from "./queries";
import { smsReasons } from "./reasons";
import { deliver, sendAllowance, UNAVAILABLE } from "./send";

// The SMS one-time-code method: a code by SMS through Flowroute, typed back by the person.
// Its actions: `code` (a guess) and `resend` (a new code).

const SEND_WINDOW_MS = 3600_000;

/** A new code: its hash is stored, the code itself only ever goes into the SMS. */
function newCode(id: string, at: number) {
  const env = getEnv();
  const code = generateCode(env.CODE_LENGTH);
  return { code, codeHash: hashCode(id, code), expiresAt: at + env.CODE_EXPIRATION * 1000 };
}

async function sendCode(row: Verification, code: string, at: number): Promise<Outcome> {
  const delivery = await deliver(row, code, at);
  const verification = (await findVerification(row.id)) ?? row;
  return delivery.ok
    ? { verification }
    : { verification, problem: { code: "sms_send_failed", message: delivery.message } };
}

/** A new code replaces the old one, within the cooldown and the send cap. */
async function resend(row: Verification): Promise<Outcome> {
  const env = getEnv();
  const at = now();
  const cooldownMs = env.SMS_RESEND_COOLDOWN * 1000;
  if (row.status !== "pending" && row.status !== "expired") {
    throw new ApiError("conflict", "This verification is finished; start a new one to get a code.");
  }
  if (row.sends >= env.SMS_MAX_SENDS) {
    throw rateLimited(
      "No more codes can be sent for this verification. Start again in a while.",
      Math.max(1, (row.createdAt + SEND_WINDOW_MS - at) / 1000),
    );
  }
  const wait = () =>
    rateLimited(
      "Wait a moment before asking for another code.",
      row.lastSentAt === null ? 1 : (row.lastSentAt + cooldownMs - at) / 1000,
    );
  if (row.lastSentAt !== null && row.lastSentAt > at - cooldownMs) throw wait();
  await takeAllowance(sendAllowance(row.phone), at);
  const { code, codeHash, expiresAt } = newCode(row.id, at);
  const fields = { codeHash, expiresAt, attempts: 0, sends: row.sends + 1, lastSentAt: at };
  const reopened = await reopen(row, fields, at, {
    from: ["pending", "expired"],
    where: resendAllowed(row, { at, maxSends: env.SMS_MAX_SENDS, cooldownMs }),
  });
  // Another resend won the race in between: answer as the cooldown would.
  if (!reopened) {
    throw rateLimited(
      "Wait a moment before asking for another code.",
      Math.max(1, cooldownMs / 1000),
    );
  }
  return sendCode(reopened, code, at);
}

function details(row: Verification): { sms: SmsDetails } {
  const env = getEnv();
  const cooldownMs = env.SMS_RESEND_COOLDOWN * 1000;
  const resendable =
    (row.status === "pending" || row.status === "expired") && row.sends < env.SMS_MAX_SENDS;
  return {
    sms: {
      codeLength: env.CODE_LENGTH,
      attemptsLeft: Math.max(0, row.maxAttempts - row.attempts),
      sendsLeft: Math.max(0, env.SMS_MAX_SENDS - row.sends),
      resendAvailableAt: resendable
        ? new Date(
            row.lastSentAt === null ? row.createdAt : row.lastSentAt + cooldownMs,
          ).toISOString()
        : null,
      lastSendFailed: row.statusReason === "send_failed",
    },
  };
}

export const smsMethod = {
  name: "sms",
  title: "Code by SMS",
  description: "We text you a one-time code to type here.",
  providerName: "flowroute",
  provider: flowrouteConfig,
  unavailable: UNAVAILABLE,
  prepare({ id, phone, at }) {
    const { code, codeHash, expiresAt } = newCode(id, at);
    return {
      fields: {
        codeHash,
        expiresAt,
        maxAttempts: getEnv().RETRIES_ALLOWED,
        sends: 1,
        lastSentAt: at,
      },
      allowance: sendAllowance(phone.e164),
      begin: (row) => sendCode(row, code, at),
    };
  },
  details,
  reasons: smsReasons,
  actions: { code: guess, resend },
} satisfies MethodHandler<{ sms: SmsDetails }>;
