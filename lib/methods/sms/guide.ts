import "server-only";
import { eq, lt, ne, or } from "drizzle-orm";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { verifications, type Verification } from "@/lib/db/schema";
import { parsePhone } from "@/lib/phone";
import { reopen } from "@/lib/core/state-machine";
import { insertVerification } from "@/lib/db/verifications";
import { deleteVerification, findVerificationByAuthId } from "./queries";
import { generateCode, hashCode } from "./code";
import type { Caller } from "@/lib/core/caller";
import { takeAllowances } from "@/lib/core/limits";
import { isOverdue } from "@/lib/core/state-machine";
import { sendAllowances } from "./budgets";
import { checkCode } from "./check";
import { mayReach } from "./gate";
import { deliver, requireSmsProvider, type Delivery } from "./send";

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

/** Whether `row` is pending for another number than `phone`: an entry a POST may not overwrite. */
function heldForAnother(row: Verification, phone: string, at: number): boolean {
  return row.phone !== phone && row.status === "pending" && !isOverdue(row, at);
}

function recipientMismatch(): ApiError {
  return new ApiError("conflict", "This auth_id is pending for another recipient.", {
    details: { reason: "RecipientMismatch" },
  });
}

/**
 * Creates the entry for `authId`, or overwrites it (new code, attempts reset), then sends.
 * `keyed`: the caller presented an API key (a server: its address is not the person's).
 * An entry still pending for another number is refused: otherwise anyone who learnt a pending
 * auth_id could have its code sent to their own phone and pass the integrator's check.
 */
export async function createAuth(
  authId: string,
  phone: string,
  caller: Caller,
  keyed: boolean,
): Promise<Delivery> {
  requireSmsProvider();
  const env = getEnv();
  const at = now();
  const existing = await findVerificationByAuthId(authId);
  if (existing && heldForAnother(existing, phone, at)) throw recipientMismatch();
  await mayReach(phone, at, caller, "skip");
  await takeAllowances(sendAllowances(phone, caller.ip, keyed), at);
  const code = generateCode(env.CODE_LENGTH);
  const fields = {
    phone,
    attempts: 0,
    maxAttempts: env.RETRIES_ALLOWED,
    sends: 1,
    lastSentAt: at,
    expiresAt: at + env.CODE_EXPIRATION * 1000,
  };
  // Any entry but a verified one is overwritten (a verified one is deleted when it is checked),
  // unless it is pending for another number: asked again in the UPDATE itself, since a parallel
  // POST may have made it so after our read (heldForAnother, as SQL).
  const overwrite = async (entry: Verification) => {
    const row = await reopen(entry, { ...fields, codeHash: hashCode(entry.id, code) }, at, {
      from: ["pending", "expired", "locked", "failed", "rejected"],
      where: or(
        eq(verifications.phone, phone),
        ne(verifications.status, "pending"),
        lt(verifications.expiresAt, at),
      ),
    });
    if (row) return row;
    const current = await findVerificationByAuthId(authId);
    if (current && heldForAnother(current, phone, at)) throw recipientMismatch();
    return undefined;
  };
  let row = existing ? await overwrite(existing) : undefined;
  if (!existing) {
    const id = randomId();
    try {
      row = await insertVerification({
        ...fields,
        id,
        method: "sms",
        authId,
        codeHash: hashCode(id, code),
        createdAt: at,
        updatedAt: at,
      });
    } catch (error) {
      // A parallel POST with the same auth_id inserted first: overwrite theirs, as the seed does,
      // if it is for the same number (else RecipientMismatch, as if it had come first).
      const raced = await findVerificationByAuthId(authId);
      if (!raced) throw error;
      row = await overwrite(raced);
    }
  }
  if (!row)
    throw new ApiError("conflict", "The entry changed while it was being created; try again.");
  return deliver(row, code, at);
}

/**
 * Checks a code for `authId`. The seed compared integers, so a code sent without its
 * leading zeros ("123" for "0123") still matches.
 */
export async function authenticateCode(authId: string, code: string): Promise<SeedCheck> {
  const length = getEnv().CODE_LENGTH;
  const padded = code.length < length ? code.padStart(length, "0") : code;
  // Claimed by auth_id, with no read before: a guess is one statement and its count.
  const result = await checkCode({ authId }, padded);
  switch (result.kind) {
    case "approved":
      await deleteVerification(result.verification.id);
      return { kind: "approved", recipient: result.verification.phone };
    case "wrong":
      return { kind: "wrong", attemptsLeft: result.attemptsLeft };
    case "locked":
      await deleteVerification(result.id);
      // The guess that used the last attempt is still an invalid code (seed: attempts_left 0);
      // guesses after it find the entry gone, as in the seed.
      return result.byThisGuess ? { kind: "wrong", attemptsLeft: 0 } : { kind: "unknown" };
    case "expired":
      await deleteVerification(result.id);
      return { kind: "expired" };
    case "gone":
      return { kind: "unknown" };
  }
}
