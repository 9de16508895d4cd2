import "server-only";
import { and, lt, ne, or, eq } from "drizzle-orm";
import { getDb } from "./client";
import {
  idempotentRequests,
  rateLimitCounts,
  sandboxWebhooks,
  startLocks,
  verifications,
  webhookOutbox,
} from "./schema";

// Retries of a request come within minutes.
const IDEMPOTENT_LIFETIME_MS = 24 * 3600_000;
// The sandbox's receiver shows the webhooks of a demo, not an archive.
const SANDBOX_WEBHOOK_LIFETIME_MS = 24 * 3600_000;
// The longest rate-limit window any setting allows (SMS_GUARD_PAUSE, up to a week).
const RATE_LIMIT_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * Deletes verifications that ended (finished, or pending past their expiry) more than
 * `afterMs` ago, webhooks delivered or given up as long ago, and rate-limit counts older than
 * any window. The seed service deleted an entry as soon as it ended; we keep it a while so
 * that a late poll still gets its answer.
 */
export async function purgeEnded(
  at: number,
  afterMs: number,
): Promise<{ verifications: number; rateLimitSlots: number; webhooks: number }> {
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
  // A start's lock lives as long as the start.
  await db
    .delete(idempotentRequests)
    .where(lt(idempotentRequests.createdAt, at - IDEMPOTENT_LIFETIME_MS));
  await db.delete(startLocks).where(lt(startLocks.createdAt, at - 60_000));
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
    rateLimitSlots: slots.length,
    webhooks: webhooks.length,
  };
}
