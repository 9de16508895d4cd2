import "server-only";
import { and, eq, isNull, lt, ne, notExists, notInArray, or, sql } from "drizzle-orm";
import { getDb } from "./client";
import {
  idempotentRequests,
  rateLimitCounts,
  sandboxWebhooks,
  sessions,
  startLocks,
  verifications,
  webhookOutbox,
} from "./schema";

// Retries of a request come within minutes.
const IDEMPOTENT_LIFETIME_MS = 24 * 3600_000;
// A start's lock outlives the longest start (lib/core/start.ts: twice the longest provider
// timeout a setting allows, 60 s, and a margin): purged sooner, a lock still held could be
// taken by a second click, which would send again.
const START_LOCK_LIFETIME_MS = 10 * 60_000;
// The sandbox's receiver shows the webhooks of a demo, not an archive.
const SANDBOX_WEBHOOK_LIFETIME_MS = 24 * 3600_000;
// The longest rate-limit window any setting allows (SMS_GUARD_PAUSE, up to a week).
const RATE_LIMIT_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * Deletes sessions and verifications that ended (finished, or pending past their expiry) more
 * than `afterMs` ago, webhooks delivered or given up as long ago, and rate-limit counts older
 * than any window. The seed service deleted an entry as soon as it ended; we keep it a while so
 * that a late poll still gets its answer. A session goes with its attempts, never before them
 * nor after (its API view would show a method and no attempts), and not while a webhook about
 * it is still being delivered: an app that hears of it late can still read it.
 */
export async function purgeEnded(
  at: number,
  afterMs: number,
): Promise<{ verifications: number; sessions: number; rateLimitSlots: number; webhooks: number }> {
  const cutoff = at - afterMs;
  const db = getDb();
  const endedSessions = await db
    .delete(sessions)
    .where(
      and(
        or(
          // Verified: when it was verified (handing out its token updates it later).
          and(eq(sessions.status, "verified"), lt(sessions.verifiedAt, cutoff)),
          // Failed, expired, canceled: nothing changes it after it ended.
          and(
            ne(sessions.status, "verified"),
            ne(sessions.status, "pending"),
            lt(sessions.updatedAt, cutoff),
          ),
          // Never settled (no sweep ran): over once it expired.
          and(eq(sessions.status, "pending"), lt(sessions.expiresAt, cutoff)),
        ),
        notExists(webhookStillDue()),
      ),
    )
    .returning({ id: sessions.id });
  const ended = await db
    .delete(verifications)
    .where(
      and(
        or(
          and(ne(verifications.status, "pending"), lt(verifications.updatedAt, cutoff)),
          and(eq(verifications.status, "pending"), lt(verifications.expiresAt, cutoff)),
        ),
        // Outside a session, or in one gone (purged just now, or before).
        or(
          isNull(verifications.sessionId),
          notInArray(verifications.sessionId, db.select({ id: sessions.id }).from(sessions)),
        ),
      ),
    )
    .returning({ id: verifications.id });
  // A start's lock lives as long as the start.
  await db
    .delete(idempotentRequests)
    .where(lt(idempotentRequests.createdAt, at - IDEMPOTENT_LIFETIME_MS));
  await db.delete(startLocks).where(lt(startLocks.createdAt, at - START_LOCK_LIFETIME_MS));
  const slots = await db
    .delete(rateLimitCounts)
    .where(lt(rateLimitCounts.lastAt, at - RATE_LIMIT_LIFETIME_MS))
    .returning({ slot: rateLimitCounts.slot });
  const webhooks = await db
    .delete(webhookOutbox)
    .where(or(lt(webhookOutbox.deliveredAt, cutoff), lt(webhookOutbox.givenUpAt, cutoff)))
    .returning({ id: webhookOutbox.id });
  await db
    .delete(sandboxWebhooks)
    .where(lt(sandboxWebhooks.receivedAt, at - SANDBOX_WEBHOOK_LIFETIME_MS));
  return {
    verifications: ended.length,
    sessions: endedSessions.length,
    rateLimitSlots: slots.length,
    webhooks: webhooks.length,
  };
}

/**
 * A webhook about the session (the one `sessions` row of the DELETE) not yet delivered nor
 * given up. The outbox names its session only in the payload, where sessionView puts `id`
 * first in `data`: `{"type":…,"timestamp":…,"data":{"id":"ses_…"`.
 */
function webhookStillDue() {
  return getDb()
    .select({ id: webhookOutbox.id })
    .from(webhookOutbox)
    .where(
      and(
        isNull(webhookOutbox.deliveredAt),
        isNull(webhookOutbox.givenUpAt),
        sql`${webhookOutbox.payload} LIKE '%"data":{"id":"' || ${sessions.id} || '"%'`,
      ),
    );
}
