import "server-only";
import { and, lt, ne, or, eq } from "drizzle-orm";
import { getDb } from "./client";
import { idempotentRequests, rateLimitEvents, startLocks, verifications } from "./schema";

const RATE_EVENT_LIFETIME_MS = 24 * 3600_000;

/**
 * Deletes verifications that ended (finished, or pending past their expiry) more than
 * `afterMs` ago, and rate-limit events older than any window. The seed service deleted an
 * entry as soon as it ended; we keep it a while so that a late poll still gets its answer.
 */
export async function purgeEnded(
  at: number,
  afterMs: number,
): Promise<{ verifications: number; rateEvents: number }> {
  const cutoff = at - afterMs;
  const db = getDb();
  const ended = await db
    .delete(verifications)
    .where(
      or(
        and(ne(verifications.status, "pending"), lt(verifications.updatedAt, cutoff)),
        and(eq(verifications.status, "pending"), lt(verifications.expiresAt, cutoff)),
      ),
    )
    .returning({ id: verifications.id });
  // Retries of a request come within minutes; a start's lock lives as long as the start.
  await db
    .delete(idempotentRequests)
    .where(lt(idempotentRequests.createdAt, at - RATE_EVENT_LIFETIME_MS));
  await db.delete(startLocks).where(lt(startLocks.createdAt, at - 60_000));
  const events = await db
    .delete(rateLimitEvents)
    .where(lt(rateLimitEvents.createdAt, at - RATE_EVENT_LIFETIME_MS))
    .returning({ id: rateLimitEvents.id });
  return { verifications: ended.length, rateEvents: events.length };
}
