import "server-only";
import { and, eq, lte, notExists } from "drizzle-orm";
import { now } from "@/lib/clock";
import { atomicallyLocking, getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { kickDelivery, webhookRow } from "@/lib/webhooks/outbox";
import {
  attemptsOf,
  findSession,
  lockSession,
  selectAttempts,
  sessionsToSettle,
} from "@/lib/db/sessions";
import {
  sessions,
  verifications,
  webhookOutbox,
  type Session,
  type Verification,
} from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { endAttemptsOfSession } from "./endings";
import { eventOf, sessionView } from "./session-view";

// Every status change of a session: pending → verified | failed | expired | canceled. Each is
// one conditional UPDATE that expects "pending", committed together with the webhook that
// announces it (the outbox row), so that an app hears of every ending once it happened, and of
// none that did not. Every ending, verified too, also ends in the same transaction the attempts
// still pending (lib/core/endings.ts's endAttemptsOfSession). An ending other than verified
// happens only while no attempt was approved in time: a session never ends canceled with a
// verified number.

type Ending =
  | { status: "verified"; attempt: Verification }
  | { status: "failed"; reason: "abandoned" }
  | { status: "expired"; reason: "expired" }
  | { status: "canceled"; reason: "canceled" };

async function end(session: Session, ending: Ending, at: number): Promise<Session | undefined> {
  const verified = ending.status === "verified";
  const fields = verified
    ? {
        verifiedPhone: ending.attempt.phone,
        method: ending.attempt.method,
        verificationId: ending.attempt.id,
        displayName: ending.attempt.displayName,
        verifiedAt: at,
      }
    : { statusReason: ending.reason };
  // When the session ended, for its attempts' own expiry: now, or when its time ran out if
  // that came first (an expiry settled by a later read or sweep).
  const endedAt = Math.min(at, session.expiresAt);
  // The session's row locked first, as an approval of one of its attempts does
  // (lib/core/state-machine.ts's approve): on PostgreSQL the "no approved attempt" check below
  // then sees an approval committed while this waited, instead of both committing.
  const [[ended], endedAttempts] = await atomicallyLocking(
    lockSession(session.id),
    (tx) =>
      tx
        .update(sessions)
        .set({ status: ending.status, ...fields, updatedAt: at })
        .where(
          and(
            eq(sessions.id, session.id),
            eq(sessions.status, "pending"),
            verified ? undefined : notExists(approvedInTime(session)),
          ),
        )
        .returning(),
    (tx, [changed]) => (changed ? endAttemptsOfSession(tx, changed.id, endedAt, at) : undefined),
    // Read here, after they ended, so that the webhook shows them as GET does.
    (tx, [changed]) => (changed ? selectAttempts(tx, changed.id) : undefined),
    (tx, [changed], _endedNow, attempts) => {
      if (!changed) return undefined;
      const view = sessionView(changed, attempts, at);
      const row = webhookRow(changed.keyId, eventOf[ending.status], view, at);
      return row ? tx.insert(webhookOutbox).values(row).returning() : undefined;
    },
  );
  if (ended) {
    log.info("session ended", { sessionId: ended.id, status: ended.status });
    for (const attempt of endedAttempts) {
      log.info("verification ended", {
        verificationId: attempt.id,
        method: attempt.method,
        status: attempt.status,
        reason: attempt.statusReason,
      });
    }
    kickDelivery();
  }
  return ended;
}

/** An approved attempt of the session that counts for it: made before the session expired. */
function approvedInTime(session: Session) {
  return getDb()
    .select({ id: verifications.id })
    .from(verifications)
    .where(
      and(
        eq(verifications.sessionId, session.id),
        eq(verifications.status, "approved"),
        lte(verifications.completedAt, session.expiresAt),
      ),
    );
}

/**
 * The session as it stands after `end`: the row it changed, or what another request left —
 * verified, when an attempt approved in between kept it from ending otherwise.
 */
async function settled(session: Session, changed: Session | undefined): Promise<Session> {
  if (changed) return changed;
  const current = (await findSession(session.id)) ?? session;
  return current.status === "pending" ? refreshSession(current) : current;
}

/** A verification of the session was approved: the session is verified by it. */
async function verifySession(session: Session, attempt: Verification, at = now()) {
  return settled(session, await end(session, { status: "verified", attempt }, at));
}

/** The person gave up on the hosted page. */
export async function abandonSession(session: Session, at = now()) {
  return settled(session, await end(session, { status: "failed", reason: "abandoned" }, at));
}

/** The app canceled it (POST /api/v1/sessions/:id/cancel). */
export async function cancelSession(session: Session, at = now()) {
  return settled(session, await end(session, { status: "canceled", reason: "canceled" }, at));
}

/**
 * A pending session as its attempts and time leave it: verified if one of its verifications
 * was approved (the state machine settles it at once; this catches a crash in between), else
 * expired once past its expiry.
 */
export async function refreshSession(session: Session, at = now()): Promise<Session> {
  if (session.status !== "pending") return session;
  // An approval after the session expired does not count for it.
  const approved = (await attemptsOf(session.id)).find(
    (row) => row.status === "approved" && (row.completedAt ?? 0) <= session.expiresAt,
  );
  if (approved) return verifySession(session, approved, at);
  if (session.expiresAt < at) {
    return settled(session, await end(session, { status: "expired", reason: "expired" }, at));
  }
  return session;
}

/**
 * Settles the session of an overdue attempt before the attempt itself is expired, and answers
 * the attempt as it then stands (undefined: no session). An attempt still under way when its
 * session ran out ends with the session (session_ended) when the session is settled; expired
 * on its own first, it read timed_out or session_ended depending on which was read first.
 */
export async function settleSessionOf(
  attempt: Verification,
  at: number,
): Promise<Verification | undefined> {
  if (!attempt.sessionId) return undefined;
  const session = await findSession(attempt.sessionId);
  if (!session || session.status !== "pending" || session.expiresAt >= at) return undefined;
  await refreshSession(session, at);
  return findVerification(attempt.id);
}

/** Called by the state machine once a verification is approved. Never throws. */
export async function afterAttemptApproved(attempt: Verification): Promise<void> {
  if (!attempt.sessionId) return;
  try {
    const session = await findSession(attempt.sessionId);
    if (session) await refreshSession(session);
  } catch (error) {
    // The sweep (settleSessions) or the next read settles it.
    log.warn("session not settled", { sessionId: attempt.sessionId, error: String(error) });
  }
}

/** Settles what nobody read: overdue sessions expire, approved attempts verify theirs. */
export async function settleSessions(at = now()): Promise<number> {
  let settledCount = 0;
  for (const session of await sessionsToSettle(at)) {
    if ((await refreshSession(session, at)).status !== "pending") settledCount += 1;
  }
  return settledCount;
}
