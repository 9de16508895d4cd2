import "server-only";
import { sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { readFileSync } from "node:fs";
import path from "node:path";
import { databaseDialect, execute, getDb, migrationsFolder, rawRows } from "./client";

/** Whether every migration in drizzle/ (or drizzle/pg/) has been applied: drizzle's own ledger. */
export async function migrationsStatus(): Promise<{
  current: boolean;
  /** The database has migrations this code does not know: a newer version migrated it. */
  ahead: boolean;
  applied: number;
  expected: number;
}> {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8"),
  ) as {
    entries: { when: number }[];
  };
  // drizzle keeps the ledger in the "drizzle" schema on PostgreSQL, in the main one on SQLite.
  const ledger =
    databaseDialect() === "postgres"
      ? sql`drizzle.__drizzle_migrations`
      : sql`__drizzle_migrations`;
  const [latest] = await rawRows<{ applied: number | string; last: number | string | null }>(
    sql`SELECT count(*) AS applied, max(created_at) AS last FROM ${ledger}`,
  );
  const expectedLast = journal.entries.at(-1)?.when ?? null;
  const applied = Number(latest?.applied ?? 0);
  const last = Number(latest?.last ?? 0);
  return {
    current: applied === journal.entries.length && last === expectedLast,
    ahead: applied > journal.entries.length || (expectedLast !== null && last > expectedLast),
    applied,
    expected: journal.entries.length,
  };
}

const CHECK_EVERY_MS = 30_000;
// Per database handle: tests (and a reconnect) open another database.
const known = new WeakMap<object, { ahead: boolean; at: number }>();

/**
 * Whether this code may write to the database: not when a newer version of the app has migrated
 * it (a rolling deploy, a rollback), since the code would write rows the schema has moved on
 * from. Read from the ledger at most every 30 s.
 */
export async function schemaIsAhead(): Promise<boolean> {
  const at = now();
  const db = getDb();
  let checked = known.get(db);
  if (!checked || at - checked.at > CHECK_EVERY_MS) {
    checked = { ahead: (await migrationsStatus()).ahead, at };
    known.set(db, checked);
  }
  return checked.ahead;
}

/** Can the database take a write now? A row written and removed (a full disk says no). */
export async function canWrite(): Promise<boolean> {
  try {
    await execute(
      sql`INSERT INTO rate_limit_counts (bucket, key, slot, events, last_at) VALUES ('health', 'probe', 0, 0, 0)`,
    );
    await execute(sql`DELETE FROM rate_limit_counts WHERE bucket = 'health'`);
    return true;
  } catch {
    return false;
  }
}
