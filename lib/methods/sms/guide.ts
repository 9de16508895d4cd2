import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import type { Verification } from "@/lib/db/schema";
import { parsePhone } from "@/lib/phone";
import {
  deleteVerification,
  findVerificationByAuthId,
  insertVerification,
  overwriteVerification,
} from "@/lib/db/verifications";
import { generateCode, hashCode } from "./code";
import {
  checkCode,
  deliver,
  requireSmsProvider,
  takePhoneSendAllowance,
  type Delivery,
} from "./sms";

// Flowroute's sms-verification service (providers.md §3.3) on our core: a caller-chosen
// `auth_id`, and the seed's deletion rules — a verified, expired or exhausted entry is
// removed, so that the next check answers UnknownAuthId.

export type SeedCheck =
  | { kind: "approved" }
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

/** Creates the entry for `authId`, or overwrites it (new code, attempts reset), then sends. */
export async function createAuth(authId: string, phone: string): Promise<Delivery> {
  const config = requireSmsProvider();
  const env = getEnv();
  const at = now();
  await takePhoneSendAllowance(phone, at);
  const code = generateCode(env.CODE_LENGTH);
  const fields = {
    phone,
    status: "pending" as const,
    statusReason: null,
    attempts: 0,
    maxAttempts: env.RETRIES_ALLOWED,
    sends: 1,
    lastSentAt: at,
    expiresAt: at + env.CODE_EXPIRATION * 1000,
    updatedAt: at,
    completedAt: null,
  };
  const existing = await findVerificationByAuthId(authId);
  let id = existing?.id;
  // The row as stored: the insert returns it; after an overwrite it is read back.
  let row: Verification | undefined;
  if (!id) {
    id = randomId();
    try {
      row = await insertVerification({
        ...fields,
        id,
        method: "sms",
        authId,
        codeHash: hashCode(id, code),
        createdAt: at,
      });
    } catch (error) {
      // A parallel POST with the same auth_id inserted first: overwrite theirs, as the seed does.
      const raced = await findVerificationByAuthId(authId);
      if (!raced) throw error;
      id = raced.id;
      await overwriteVerification(id, { ...fields, codeHash: hashCode(id, code) });
    }
  } else {
    await overwriteVerification(id, { ...fields, codeHash: hashCode(id, code) });
  }
  row ??= await findVerificationByAuthId(authId);
  if (!row)
    throw new ApiError("conflict", "The entry changed while it was being created; try again.");
  return deliver(config, row, code, at);
}

/**
 * Checks a code for `authId`. The seed compared integers, so a code sent without its
 * leading zeros ("123" for "0123") still matches.
 */
export async function authenticateCode(authId: string, code: string): Promise<SeedCheck> {
  const row = await findVerificationByAuthId(authId);
  if (!row || row.status !== "pending") return { kind: "unknown" };
  const length = getEnv().CODE_LENGTH;
  const padded = code.length < length ? code.padStart(length, "0") : code;
  const result = await checkCode(row.id, padded);
  switch (result.kind) {
    case "approved":
      await deleteVerification(row.id);
      return { kind: "approved" };
    case "wrong":
      return { kind: "wrong", attemptsLeft: result.attemptsLeft };
    case "locked":
      await deleteVerification(row.id);
      // The guess that used the last attempt is still an invalid code (seed: attempts_left 0);
      // guesses after it find the entry gone, as in the seed.
      return result.byThisGuess ? { kind: "wrong", attemptsLeft: 0 } : { kind: "unknown" };
    case "expired":
      await deleteVerification(row.id);
      return { kind: "expired" };
    case "gone":
      return { kind: "unknown" };
  }
}
