import "server-only";
import { and, eq } from "drizzle-orm";
import { now } from "@/lib/clock";
import { atomically } from "@/lib/db/client";
import { log } from "@/lib/log";
import { kickDelivery, webhookRow } from "@/lib/webhooks/outbox";
import { attemptsOf, findSession, sessionsToSettle } from "@/lib/db/sessions";
import { sessions, webhookOutbox, type Session, type Verification } from "@/lib/db/schema";
import { eventOf, sessionView } from "./session-view";

// Every status change of a session: pending → verified | failed | expired | canceled. Each is
// one conditional UPDATE that expects "pending", committed together with the webhook that
// announces it (the outbox row), so that an app hears of every ending once it happened, and of
// none that did not.

/** Why a session ended, as the return URL's `error` and the API's attempts say it. */
export type EndReason = "abandoned" | "expired" | "canceled";

type Ending =
  | { status: "verified"; attempt: Verification }
  | { status: "failed"; reason: "abandoned" }
  | { status: "expired"; reason: "expired" }
  | { status: "canceled"; reason: "canceled" };

async function end(session: Session, ending: Ending, at: number): Promise<Session | undefined> {
  const fields =
    ending.status === "verified"
      ? {
          verifiedPhone: ending.attempt.phone,
          method: ending.attempt.method,
          verificationId: ending.attempt.id,
          displayName: ending.attempt.displayName,
          verifiedAt: at,
        }
      : { statusReason: ending.reason };
  // Read first: on SQLite the transaction below runs synchronously, with no await inside.
  const attempts = await attemptsOf(session.id);
  const [[ended]] = await atomically(
    (tx) =>
      tx
        .update(sessions)
        .set({ status: ending.status, ...fields, updatedAt: at })
        .where(and(eq(sessions.id, session.id), eq(sessions.status, "pending")))
        .returning(),
    (tx, [changed]) => {
      if (!changed) return undefined;
      const row = webhookRow(
        changed.keyId,
        eventOf[ending.status],
        sessionView(changed, attempts),
        at,
      );
      return row ? tx.insert(webhookOutbox).values(row).returning() : undefined;
    },
  );
  if (ended) {
    log.info("session ended", { sessionId: ended.id, status: ended.status });
    kickDelivery();
  }
  return ended;
}

/** The session as it stands after `end`: the row it changed, or what another request left. */
async function settled(session: Session, changed: Session | undefined): Promise<Session> {
  return changed ?? (await findSession(session.id)) ?? session;
}

/** A verification of the session was approved: the session is verified by it. */
export async function verifySession(session: Session, attempt: Verification, at = now()) {
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
