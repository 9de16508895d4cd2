import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "./client";
import { purgeEnded } from "./purge";
import { noTable } from "./dialect";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import {
  eventsFrom,
  firstSlot,
  latestEventFrom,
  recordEvent,
  takeRateLimit,
  takeRateLimits,
  takeStatement,
} from "./rate-limits";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const start = Date.parse("2026-06-01T12:00:00Z");
// A window read through the fragments the SMS gate's one read is made of.
async function countEvents(bucket: string, key: string, windowMs: number, at: number) {
  const [row] = await getDb()
    .select({ n: eventsFrom(bucket, key, firstSlot(at, windowMs)) })
    .from(noTable);
  return row!.n;
}
async function lastEventAt(bucket: string, key: string, windowMs: number, at: number) {
  const [row] = await getDb()
    .select({ lastAt: latestEventFrom(bucket, key, firstSlot(at, windowMs), at - windowMs) })
    .from(noTable);
  return row!.lastAt ?? undefined;
}
const slots = (key: string) =>
  getDb().$client.prepare("SELECT count(*) AS n FROM rate_limit_counts WHERE key = ?").get(key) as {
    n: number;
  };

describe("sliding windows counted in slots of a sixtieth", () => {
  test("an event counts for its window, less at most one slot, then frees its room", async () => {
    const at = start + 30_000; // half-way through a one-minute slot of an hourly window
    expect((await takeRateLimit("t", "edge", 1, HOUR, at)).allowed).toBe(true);
    const refused = await takeRateLimit("t", "edge", 1, HOUR, at + HOUR - MINUTE - 1);
    expect(refused).toMatchObject({ allowed: false });
    // The slot began at `start`: room comes back when the slot leaves the window.
    expect(refused.allowed === false && refused.retryAfterMs).toBe(MINUTE + 1 - 30_000);
    expect((await takeRateLimit("t", "edge", 1, HOUR, start + HOUR)).allowed).toBe(true);
  });

  test("ten thousand events of one key in an hour: the count is exact, the rows few", async () => {
    for (let i = 0; i < 10_000; i += 1) {
      await recordEvent("t", "busy", HOUR, start + Math.floor((i * HOUR) / 10_000));
    }
    expect(await countEvents("t", "busy", HOUR, start + HOUR - 1)).toBe(10_000);
    expect(slots("busy").n).toBe(60);
    // Half an hour later the first half of them has left.
    expect(await countEvents("t", "busy", HOUR, start + HOUR + HOUR / 2 - 1)).toBe(5_000);
  });

  test("the latest event is exact, not its slot's start", async () => {
    await recordEvent("t", "last", HOUR, start + 12_345);
    await recordEvent("t", "last", HOUR, start + 45_678);
    await recordEvent("t", "last", HOUR, start + 20_000);
    expect(await lastEventAt("t", "last", HOUR, start + MINUTE)).toBe(start + 45_678);
    expect(await lastEventAt("t", "last", HOUR, start + 45_678 + HOUR)).toBeUndefined();
  });

  test("the purge keeps a week, the longest window a setting allows", async () => {
    const at = start + 30 * 24 * HOUR;
    await recordEvent("t", "paused", 7 * 24 * HOUR, at - 6 * 24 * HOUR);
    await recordEvent("t", "old", HOUR, at - 8 * 24 * HOUR);
    const removed = await purgeEnded(at, 24 * HOUR);
    expect(removed.rateLimitSlots).toBeGreaterThanOrEqual(1);
    expect(slots("paused").n).toBe(1);
    expect(slots("old").n).toBe(0);
  });

  test("windows that share a slot count one event once and each keep their own limit", async () => {
    // The statement's text is kept per shape; a shape where two windows share a row, and one
    // where they do not, are different statements and must not be mixed up.
    const shared = [
      { bucket: "shape", key: "same", limit: 5, windowMs: HOUR },
      { bucket: "shape", key: "same", limit: 2, windowMs: HOUR },
    ];
    const apart = [
      { bucket: "shape", key: "one", limit: 5, windowMs: HOUR },
      { bucket: "shape", key: "two", limit: 2, windowMs: HOUR },
    ];
    for (const at of [start, start + 1, start + 2]) {
      await takeRateLimits(shared, at);
      await takeRateLimits(apart, at);
    }
    // Two taken in each, the third refused by the window of two.
    expect(await countEvents("shape", "same", HOUR, start + 3)).toBe(2);
    expect(await countEvents("shape", "one", HOUR, start + 3)).toBe(2);
    expect(await countEvents("shape", "two", HOUR, start + 3)).toBe(2);
    const refused = await takeRateLimits(shared, start + 3);
    expect(refused.allowed === false && refused.refused).toEqual([shared[1]]);
  });

  test("a take counts each window once, however many windows it takes", async () => {
    // The five windows of an SMS send. The plan names each count it runs: one per window, where
    // SQLite had copied the room check into every arm of the wanted rows (25 counts).
    const windows = ["ip", "number", "prefix", "country", "all"].map((key) => ({
      bucket: "plan",
      key,
      limit: 10,
      windowMs: HOUR,
    }));
    const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(takeStatement(windows, start));
    const plan = getDb()
      .$client.prepare(`EXPLAIN QUERY PLAN ${text}`)
      .all(...(params as unknown[])) as { detail: string }[];
    const counts = plan.filter((row) => /^SEARCH rate_limit_counts/.test(row.detail));
    expect(counts).toHaveLength(windows.length);
    // And it still takes all or nothing.
    windows[4]!.limit = 0;
    expect((await takeRateLimits(windows, start)).allowed).toBe(false);
    windows[4]!.limit = 10;
    expect((await takeRateLimits(windows, start)).allowed).toBe(true);
    expect(slots("number").n).toBe(1);
  });
});

test("the migration to slots carries the last day's events over: a deploy resets no budget", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pv-rate-migration-"));
  try {
    // The migrations as they were before rate_limit_counts, then an event log, then the rest.
    const folder = path.join(dir, "drizzle");
    cpSync(path.join(process.cwd(), "drizzle"), folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as {
      entries: { tag: string }[];
    };
    const upTo = journal.entries.findIndex((entry) => entry.tag.endsWith("_rate_limit_counts"));
    expect(upTo).toBeGreaterThan(0);
    const before = { ...journal, entries: journal.entries.slice(0, upTo) };
    writeFileSync(journalFile, JSON.stringify(before));
    const sqlite = new Database(path.join(dir, "app.db"));
    const db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: folder });
    const insert = sqlite.prepare(
      "INSERT INTO rate_limit_events (bucket, key, created_at) VALUES (?, ?, ?)",
    );
    for (const at of [start, start + 10_000, start + 59_999, start + MINUTE]) {
      insert.run("sms_all", "hour", at);
    }
    insert.run("sms_send", "+12065550123", start + 5_000);
    writeFileSync(journalFile, JSON.stringify(journal));
    migrate(db, { migrationsFolder: folder });
    const rows = sqlite
      .prepare("SELECT bucket, key, slot, events, last_at FROM rate_limit_counts ORDER BY 1, 3")
      .all();
    expect(rows).toEqual([
      { bucket: "sms_all", key: "hour", slot: start, events: 3, last_at: start + 59_999 },
      { bucket: "sms_all", key: "hour", slot: start + MINUTE, events: 1, last_at: start + MINUTE },
      { bucket: "sms_send", key: "+12065550123", slot: start, events: 1, last_at: start + 5_000 },
    ]);
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE name = 'rate_limit_events'")
      .all();
    expect(tables).toEqual([]);
    sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
