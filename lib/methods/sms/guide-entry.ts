import "server-only";
import { eq, lt, ne, or } from "drizzle-orm";
import { isOverdue, reopen } from "@/lib/core/state-machine";
import { verifications, type NewVerification, type Verification } from "@/lib/db/schema";
import { insertVerification } from "@/lib/db/verifications";
import { ApiError } from "@/lib/errors";
import { hashCode } from "./code";
import { findVerificationByAuthId } from "./queries";

// The seed SMS API's entry (guide.ts): named by its caller's `auth_id`, and overwritten in
// place by every POST of that name (a new code, the attempts reset), as the seed's was. An
// entry still pending for another number is refused: otherwise anyone who learnt a pending
// auth_id could have its code sent to their own phone and pass the integrator's check.

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
 * The start's side of the entry `authId` for `phone`, whose new code is `code`: `refuseIfHeld`
 * before anything is counted, `store` in place of the core's insert.
 */
export function namedEntry(authId: string, phone: string, code: string, at: number) {
  let existing: Verification | undefined;

  // Any entry is overwritten, as in the seed: a verified one too (it is deleted when its code is
  // checked; one left by a deletion that failed must not hold its auth_id until the purge),
  // unless it is pending for another number: asked again in the UPDATE itself, since a parallel
  // POST may have made it so after our read (heldForAnother, as SQL).
  const overwrite = async (entry: Verification, row: NewVerification) => {
    const fields = {
      phone,
      attempts: 0,
      maxAttempts: row.maxAttempts,
      sends: 1,
      lastSentAt: at,
      expiresAt: row.expiresAt,
      codeHash: hashCode(entry.id, code),
    };
    const reopened = await reopen(entry, fields, at, {
      from: ["pending", "approved", "expired", "locked", "failed", "rejected"],
      where: or(
        eq(verifications.phone, phone),
        ne(verifications.status, "pending"),
        lt(verifications.expiresAt, at),
      ),
    });
    if (reopened) return reopened;
    const current = await findVerificationByAuthId(authId);
    if (current && heldForAnother(current, phone, at)) throw recipientMismatch();
    throw new ApiError("conflict", "The entry changed while it was being created; try again.");
  };

  return {
    async refuseIfHeld(): Promise<void> {
      existing = await findVerificationByAuthId(authId);
      if (existing && heldForAnother(existing, phone, at)) throw recipientMismatch();
    },
    async store(row: NewVerification): Promise<Verification> {
      if (existing) return overwrite(existing, row);
      try {
        return await insertVerification(row);
      } catch (error) {
        // A parallel POST with the same auth_id inserted first: overwrite theirs, as the seed
        // does, if it is for the same number (else RecipientMismatch, as if it had come first).
        const raced = await findVerificationByAuthId(authId);
        if (!raced) throw error;
        return overwrite(raced, row);
      }
    },
  };
}
