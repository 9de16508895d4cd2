import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { executeRead, executeWrite, preparedOnce } from "./client";
import { log } from "@/lib/log";
import { startLocks } from "./schema";

// One start at a time per (browser, method, number): of two requests at once (a double click,
// a client retrying), the second waits for the first and answers with its verification.
// Every start takes and settles its lock, so these are prepared once and written through
// executeWrite: on SQLite they commit with the rest of their turn (lib/db/group-commit.ts)
// instead of one commit each, which cost the seed API's create a third of its rate.

type StartLock = typeof startLocks.$inferSelect;

const statements = preparedOnce((db) => ({
  take: db
    .insert(startLocks)
    .values({ key: sql.placeholder("key"), createdAt: sql.placeholder("at") })
    .onConflictDoNothing()
    .returning()
    .prepare(),
  // The primary key: one row at most, so no LIMIT (see preparedOnce).
  held: db
    .select()
    .from(startLocks)
    .where(eq(startLocks.key, sql.placeholder("key")))
    .prepare(),
  // Only if it is still as it was read: its time, and its verification or none (two
  // statements, as a placeholder compared with NULL has no type PostgreSQL can infer).
  takeOverUnsettled: db
    .update(startLocks)
    .set({ createdAt: sql`${sql.placeholder("at")}` })
    .where(
      and(
        eq(startLocks.key, sql.placeholder("key")),
        eq(startLocks.createdAt, sql.placeholder("createdAt")),
        isNull(startLocks.verificationId),
      ),
    )
    .returning()
    .prepare(),
  takeOverSettled: db
    .update(startLocks)
    .set({ verificationId: null, createdAt: sql`${sql.placeholder("at")}` })
    .where(
      and(
        eq(startLocks.key, sql.placeholder("key")),
        eq(startLocks.createdAt, sql.placeholder("createdAt")),
        eq(startLocks.verificationId, sql.placeholder("verificationId")),
      ),
    )
    .returning()
    .prepare(),
  settle: db
    .update(startLocks)
    .set({ verificationId: sql`${sql.placeholder("verificationId")}` })
    .where(eq(startLocks.key, sql.placeholder("key")))
    .prepare(),
  release: db
    .delete(startLocks)
    .where(eq(startLocks.key, sql.placeholder("key")))
    .prepare(),
}));

/**
 * Takes the lock of `key`; the lock someone else holds when it cannot. A lock released between
 * our insert and our read (its start failed) is tried again: answering "taken" then would let
 * this start and the next one both go ahead without the lock.
 */
export async function takeStartLock(key: string, at: number): Promise<StartLock | undefined> {
  for (;;) {
    const taken = await executeWrite(statements().take, { key, at });
    if (taken.length > 0) return undefined;
    const [held] = await executeRead(statements().held, { key });
    if (held) return held;
  }
}

/** The lock of `key` as it stands, taken by nobody here. */
export async function findStartLock(key: string): Promise<StartLock | undefined> {
  const [held] = await executeRead(statements().held, { key });
  return held;
}

/** Takes over a lock whose start is over (or died): only if it is still as it was read. */
export async function takeOverStartLock(lock: StartLock, at: number): Promise<boolean> {
  const { key, createdAt, verificationId } = lock;
  const taken =
    verificationId === null
      ? await executeWrite(statements().takeOverUnsettled, { key, at, createdAt })
      : await executeWrite(statements().takeOverSettled, { key, at, createdAt, verificationId });
  return taken.length > 0;
}

/**
 * The start made `verificationId`: a twin arriving now gets that one. Not waited for: the
 * statement runs now (on SQLite at once, on the shared connection), and its answer need not wait
 * for the commit. Should it be lost (the database failed just then), the lock looks like a
 * start still under way: starts of the key are answered 409 startBusy until its in-flight
 * window (lib/core/start.ts's inFlightMs, 25 s for SMS) has passed, then take it over. That
 * costs a wait, never a second send or a wrong answer.
 */
export function settleStartLock(key: string, verificationId: string): void {
  executeWrite(statements().settle, { key, verificationId }).catch((error: unknown) => {
    log.warn("start lock not settled", { error: String(error) });
  });
}

export async function releaseStartLock(key: string): Promise<void> {
  await executeWrite(statements().release, { key });
}
