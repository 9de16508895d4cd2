import "server-only";
import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { databaseDialect, migrationsFolder, rawRows } from "./client";

/** Whether every migration in drizzle/ (or drizzle/pg/) has been applied: drizzle's own ledger. */
export async function migrationsStatus(): Promise<{
  current: boolean;
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
  return {
    current: applied === journal.entries.length && Number(latest?.last) === expectedLast,
    applied,
    expected: journal.entries.length,
  };
}
