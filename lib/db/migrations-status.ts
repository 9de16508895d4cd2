import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { compareLedger, LEDGER_QUERY, ledgerOf, UNGUARDED } from "./ahead";
import { databaseDialect, execute, migrationsFolder, rawRows } from "./client";

/** Whether every migration in drizzle/ (or drizzle/pg/) has been applied: drizzle's own ledger. */
export async function migrationsStatus(): Promise<{
  current: boolean;
  /** The database has migrations this code does not know: a newer version migrated it. */
  ahead: boolean;
  applied: number;
  expected: number;
}> {
  const [row] = await rawRows<{ applied: number | string; last: number | string | null }>(
    sql.raw(LEDGER_QUERY[databaseDialect()]),
  );
  const ledger = ledgerOf(row);
  const { current, ahead, expected } = compareLedger(ledger, migrationsFolder());
  return { current, ahead, applied: ledger.applied, expected };
}

/**
 * Can the database take a write now? A row written and removed (a full disk says no). Each
 * probe writes a row of its own, so that checks at once never collide, and one left behind by a
 * crash in between fails no later check (the purge removes it with the old rate-limit counts).
 * The probe asks about the database, not this code: it is written even when the database is
 * ahead of the code, and leaves nothing.
 */
export async function canWrite(): Promise<boolean> {
  const key = `probe-${randomBytes(12).toString("hex")}`;
  try {
    await execute(
      sql`${sql.raw(UNGUARDED)} INSERT INTO rate_limit_counts (bucket, key, slot, events, last_at) VALUES ('health', ${key}, 0, 0, 0) ON CONFLICT DO NOTHING`,
    );
    await execute(
      sql`${sql.raw(UNGUARDED)} DELETE FROM rate_limit_counts WHERE bucket = 'health' AND key = ${key}`,
    );
    return true;
  } catch {
    return false;
  }
}
