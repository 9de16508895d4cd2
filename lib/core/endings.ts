import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { verifications, type VerificationStatus } from "@/lib/db/schema";

// Part of the state machine (./state-machine.ts): what every ending of a verification writes,
// its reason names, and the one ending that a session's own transaction makes. A module of its
// own so that lib/core/session-state.ts can use it without importing the state machine, which
// imports the session's side for what follows an approval.

/** Why a verification expired, whatever the method: its time ran out. */
export const EXPIRED_REASON = "timed_out";

/** Too many wrong codes for one code. */
export const LOCKED_REASON = "too_many_attempts";

/**
 * The session it was an attempt of ended first (canceled, expired, given up): whatever the
 * method, nothing more can happen in it.
 */
export const SESSION_ENDED_REASON = "session_ended";

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
 * session's own transaction (lib/core/session-state.ts): a code, a callback or a resend that
 * comes after finds them failed.
 */
export function endAttemptsOfSession(tx: Db, sessionId: string, at: number) {
  return tx
    .update(verifications)
    .set(ended("failed", at, { reason: SESSION_ENDED_REASON }))
    .where(and(eq(verifications.sessionId, sessionId), eq(verifications.status, "pending")))
    .returning();
}
