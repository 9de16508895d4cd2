import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { findFirst, getDb } from "./client";
import { startLocks } from "./schema";

// One start at a time per (browser, method, number): of two requests at once (a double click,
// a client retrying), the second waits for the first and answers with its verification.

type StartLock = typeof startLocks.$inferSelect;

/** Takes the lock of `key`; the lock someone else holds when it cannot. */
export async function takeStartLock(key: string, at: number): Promise<StartLock | undefined> {
  const taken = await getDb()
    .insert(startLocks)
    .values({ key, createdAt: at })
    .onConflictDoNothing()
    .returning();
  if (taken.length > 0) return undefined;
  return findFirst(startLocks, eq(startLocks.key, key));
}

/** Takes over a lock whose start is over (or died): only if it is still as it was read. */
export async function takeOverStartLock(lock: StartLock, at: number): Promise<boolean> {
  const taken = await getDb()
    .update(startLocks)
    .set({ verificationId: null, createdAt: at })
    .where(
      and(
        eq(startLocks.key, lock.key),
        eq(startLocks.createdAt, lock.createdAt),
        lock.verificationId === null
          ? isNull(startLocks.verificationId)
          : eq(startLocks.verificationId, lock.verificationId),
      ),
    )
    .returning();
  return taken.length > 0;
}

/** The start made `verificationId`: a twin arriving now gets that one. */
export async function settleStartLock(key: string, verificationId: string): Promise<void> {
  await getDb().update(startLocks).set({ verificationId }).where(eq(startLocks.key, key));
}

export async function releaseStartLock(key: string): Promise<void> {
  await getDb().delete(startLocks).where(eq(startLocks.key, key));
}
