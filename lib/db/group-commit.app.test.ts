import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { atomically, execute, getDb } from "@/lib/db/client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// The app's own SQLite connection is opened with group commit wired in (lib/db/client.ts): the
// transactions of a turn share a commit, and an ordinary write commits the open group first.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await execute(sql`CREATE TABLE IF NOT EXISTS group_probe (n INTEGER)`);
});
afterAll(() => app.close());

test("on the app's connection, a write outside the group commits the open group first", async () => {
  // Another connection to the file sees only what is committed.
  const other = new Database(getDb().$client.name, { readonly: true });
  const committed = () => other.prepare("SELECT n FROM group_probe ORDER BY n").pluck().all();
  try {
    const grouped = atomically(() => sql`INSERT INTO group_probe (n) VALUES (1) RETURNING n`);
    // A read leaves the group open.
    expect(getDb().$client.prepare("SELECT count(*) FROM group_probe").pluck().get()).toBe(1);
    expect(committed()).toEqual([]);
    await execute(sql`INSERT INTO group_probe (n) VALUES (2)`);
    expect(committed()).toEqual([1, 2]);
    expect((await grouped)[0]).toEqual([{ n: 1 }]);
  } finally {
    other.close();
  }
});
