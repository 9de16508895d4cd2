import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { verifications, type Verification, type VerificationStatus } from "@/lib/db/schema";

// Part of the state machine (./state-machine.ts): what every ending of a verification writes,
// its reason names, the one expiry rule, and the one ending that a session's own transaction
// makes. A module of its own so that lib/core/session-state.ts can use it without importing the
// state machine, which imports the session's side for what follows an approval.

/** Why a verification expired, whatever the method: its time ran out. */
export const EXPIRED_REASON = "timed_out";

/** Too many wrong codes for one code. */
export const LOCKED_REASON = "too_many_attempts";

/**
 * The session it was an attempt of ended first (canceled, expired, given up): whatever the
 * method, nothing more can happen in it.
 */
export const SESSION_ENDED_REASON = "session_ended";

/** One expiry rule for every method: a pending verification past `expiresAt`. */
export function isOverdue(row: Verification, at: number): boolean {
  return row.status === "pending" && row.expiresAt < at;
}

/**
 * The status and reason a verification has at `at`: what is stored, or expired (timed out)
 * when it is overdue and nothing touched it since, as its status poll would find it.
 */
export function statusAt(
  row: Verification,
  at: number,
): { status: VerificationStatus; reason: string | null } {
  if (isOverdue(row, at)) return { status: "expired", reason: EXPIRED_REASON };
  return { status: row.status, reason: row.statusReason };
}

export type Ending = {
  reason?: string | null;
  displayName?: string | null;
  providerState?: string | null;
};

/** The fields every ending writes. */
export function ended(status: VerificationStatus, at: number, ending: Ending) {
  return {
    status,
    statusReason: ending.reason ?? null,
    ...(ending.displayName !== undefined ? { displayName: ending.displayName } : {}),
    ...(ending.providerState !== undefined ? { providerState: ending.providerState } : {}),
    updatedAt: at,
    completedAt: at,
  };
}

/**
 * The statement that ends every attempt still pending in a session that is ending, for the
 * session's own transaction (lib/core/session-state.ts), so that a code, a callback or a
 * resend that comes after finds them ended: failed (session_ended) if it was still under way
 * when the session ended at `endedAt`, expired (timed out) if its own time had run out before
 * (the one expiry rule, isOverdue, in SQL). `at` is when this is written.
 */
export function endAttemptsOfSession(tx: Db, sessionId: string, endedAt: number, at: number) {
  const overdue = lt(verifications.expiresAt, endedAt);
  return tx
    .update(verifications)
    .set({
      ...ended("failed", at, { reason: SESSION_ENDED_REASON }),
      // …unless the attempt's own time ran out first.
      status: sql`CASE WHEN ${overdue} THEN 'expired' ELSE 'failed' END`,
      statusReason: sql`CASE WHEN ${overdue} THEN ${EXPIRED_REASON} ELSE ${SESSION_ENDED_REASON} END`,
    })
    .where(and(eq(verifications.sessionId, sessionId), eq(verifications.status, "pending")))
    .returning();
}
