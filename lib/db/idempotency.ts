import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { findFirst, getDb } from "./client";
import { idempotentRequests } from "./schema";

type IdempotentRecord = typeof idempotentRequests.$inferSelect;

/** Claims `scopedKey` for a first request; false when another request holds it already. */
export async function claimIdempotencyKey(
  scopedKey: string,
  bodyHash: string,
  at: number,
): Promise<boolean> {
  const inserted = await getDb()
    .insert(idempotentRequests)
    .values({ scopedKey, bodyHash, createdAt: at })
    .onConflictDoNothing()
    .returning({ scopedKey: idempotentRequests.scopedKey });
  return inserted.length > 0;
}

export function findIdempotent(scopedKey: string): Promise<IdempotentRecord | undefined> {
  return findFirst(idempotentRequests, eq(idempotentRequests.scopedKey, scopedKey));
}

/** Keeps the first request's answer for its retries. */
export async function storeIdempotentAnswer(
  scopedKey: string,
  answer: { status: number; body: string; binding: string | null },
): Promise<void> {
  await getDb()
    .update(idempotentRequests)
    .set(answer)
    .where(and(eq(idempotentRequests.scopedKey, scopedKey), isNull(idempotentRequests.status)));
}

/** Lets the key be used again after the first request failed before it had an answer. */
export async function releaseIdempotencyKey(scopedKey: string): Promise<void> {
  await getDb()
    .delete(idempotentRequests)
    .where(and(eq(idempotentRequests.scopedKey, scopedKey), isNull(idempotentRequests.status)));
}
