import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { getDb, migrationsFolder } from "./client";

/** Whether every migration in drizzle/ has been applied to the database (drizzle's own ledger). */
export function migrationsStatus(): { current: boolean; applied: number; expected: number } {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8"),
  ) as {
    entries: { when: number }[];
  };
  const latest = getDb()
    .$client.prepare(
      "SELECT count(*) AS applied, max(created_at) AS last FROM __drizzle_migrations",
    )
    .get() as { applied: number; last: number | null };
  const expectedLast = journal.entries.at(-1)?.when ?? null;
  return {
    current: latest.applied === journal.entries.length && Number(latest.last) === expectedLast,
    applied: latest.applied,
    expected: journal.entries.length,
  };
}
