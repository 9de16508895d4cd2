import "server-only";
import type { Caller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { getEnv } from "@/lib/env";
import { say } from "@/lib/i18n/catalogue";
import { parsePhone } from "@/lib/phone";
import { checkCode } from "./check";
import { smsMethod } from "./handler";
import { deleteEntry } from "./queries";
import { smsSettings } from "./settings";

// Flowroute's sms-verification service (docs/providers.md#the-sms-verification-service) on our core: a caller-chosen
// `auth_id`, and the seed's deletion rules — a verified, expired or exhausted entry is
// removed, so that the next check answers UnknownAuthId.

type SeedCheck =
  | { kind: "approved"; recipient: string }
  | { kind: "wrong"; attemptsLeft: number }
  | { kind: "unknown" }
  | { kind: "expired" };

/** The seed accepted `1XXXXXXXXXX`; we also take any E.164 number (`+…`). */
export function parseSeedRecipient(recipient: string): string | undefined {
  const text = recipient.trim();
  const international = /^1\d{10}$/.test(text) ? `+${text}` : text;
  if (!international.startsWith("+")) return undefined;
  const parsed = parsePhone(international, { allowedCountries: getEnv().ALLOWED_COUNTRIES });
  return parsed.ok ? parsed.phone.e164 : undefined;
}

/** What a POST did: the code was sent, or the entry is kept and the send failed (why, in English). */
export type Created = { ok: true } | { ok: false; message: string; retryAfterSeconds?: number };

/**
 * Creates the entry for `authId`, or overwrites it (new code, attempts reset), then sends: the
 * core's start (lib/core/start.ts) with the entry named, so that it is one start at a time
 * and passes the SMS method's checks and budgets (guide-entry.ts says how an entry is
 * overwritten, and when it is refused). The caller is `keyed` when it presented an API key (a
 * server: its address is not the person's).
 */
export async function createAuth(authId: string, phone: string, caller: Caller): Promise<Created> {
  const { problem } = await start(smsMethod, caller, { phone, authId });
  if (!problem) return { ok: true };
  const { message, retryAfterSeconds } = problem;
  return {
    ok: false,
    message: typeof message === "string" ? message : say("en", message),
    retryAfterSeconds,
  };
}

/**
 * Checks a code for `authId`. The seed compared integers, so a code sent without its
 * leading zeros ("123" for "0123") still matches.
 */
export async function authenticateCode(authId: string, code: string): Promise<SeedCheck> {
  const length = smsSettings.read().CODE_LENGTH;
  const padded = code.length < length ? code.padStart(length, "0") : code;
  // Claimed by auth_id, with no read before: a guess is one statement and its count.
  const result = await checkCode({ authId }, padded);
  switch (result.kind) {
    case "approved":
      await deleteEntry(result.verification.id, "approved");
      return { kind: "approved", recipient: result.verification.phone };
    case "wrong":
      return { kind: "wrong", attemptsLeft: result.attemptsLeft };
    case "locked":
      await deleteEntry(result.id, "locked");
      // The guess that used the last attempt is still an invalid code (seed: attempts_left 0);
      // guesses after it find the entry gone, as in the seed.
      return result.byThisGuess ? { kind: "wrong", attemptsLeft: 0 } : { kind: "unknown" };
    case "expired":
      await deleteEntry(result.id, "expired");
      return { kind: "expired" };
    case "gone":
      return { kind: "unknown" };
  }
}
