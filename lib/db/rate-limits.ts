import "server-only";
import { and, asc, eq, gte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { atomically, databaseDialect, preparedOnce } from "./client";
import { numberOrNull } from "./dialect";
import { rateLimitCounts } from "./schema";

/** One sliding window: at most `limit` events of (bucket, key) in the last `windowMs`. */
export type Window = { bucket: string; key: string; limit: number; windowMs: number };

export type RateLimitResult =
  { allowed: true } | { allowed: false; retryAfterMs: number; refused: Window[] };

// Events are counted per slot of a sixtieth of their window (a minute of an hour), so that
// counting a window reads at most about sixty rows however busy the key is: the global and
// per-country budgets count thousands of events an hour. The price is precision at the old
// edge: the slot holding the window's start is left out whole, so an event stops counting up
// to one slot early (a minute for an hourly budget).
function slotMs(windowMs: number): number {
  return Math.max(1000, Math.floor(windowMs / 60));
}

const slotOf = (at: number, windowMs: number) => at - (at % slotMs(windowMs));

/** The first slot that counts in the window of `windowMs` ending at `at`. */
export const firstSlot = (at: number, windowMs: number) =>
  slotOf(at - windowMs, windowMs) + slotMs(windowMs);

// Counts of a window as scalar subqueries, for a read that asks several windows in one
// statement (the SMS gate, before every send). `from` is the window's firstSlot; `key`, `from`
// and `since` are usually placeholders of a statement prepared once.

type Value = SQLWrapper | string | number;

/** How many events of (bucket, key) are in the slots from `from` on. */
export function eventsFrom(bucket: Value, key: Value, from: Value) {
  return sql`(SELECT coalesce(sum(${rateLimitCounts.events}), 0) FROM ${rateLimitCounts}
    WHERE ${rateLimitCounts.bucket} = ${bucket} AND ${rateLimitCounts.key} = ${key}
    AND ${rateLimitCounts.slot} >= ${from})`.mapWith(Number);
}

/** When the latest event of (bucket, key) after `since`, in the slots from `from` on, happened. */
export function latestEventFrom(bucket: Value, key: Value, from: Value, since: Value) {
  return sql`(SELECT max(${rateLimitCounts.lastAt}) FROM ${rateLimitCounts}
    WHERE ${rateLimitCounts.bucket} = ${bucket} AND ${rateLimitCounts.key} = ${key}
    AND ${rateLimitCounts.slot} >= ${from} AND ${rateLimitCounts.lastAt} > ${since})`.mapWith(
    numberOrNull,
  );
}

// A window's slots, for a refusal's Retry-After; prepared once.
const statements = preparedOnce((db) => ({
  slots: db
    .select({ slot: rateLimitCounts.slot, events: rateLimitCounts.events })
    .from(rateLimitCounts)
    .where(
      and(
        eq(rateLimitCounts.bucket, sql.placeholder("bucket")),
        eq(rateLimitCounts.key, sql.placeholder("key")),
        gte(rateLimitCounts.slot, sql.placeholder("from")),
      ),
    )
    .orderBy(asc(rateLimitCounts.slot))
    .prepare(),
}));

const window = (bucket: string, key: string, windowMs: number, at: number) => ({
  bucket,
  key,
  from: firstSlot(at, windowMs),
});

/**
 * Records one event in every window, or in none: each must have room. Checks and counts are
 * one statement, so that N requests at once under a limit of K get exactly K through. On
 * PostgreSQL the windows' advisory locks come first (in one order, so two takers cannot
 * deadlock), because under READ COMMITTED two transactions could each count before the
 * other's write and both slip in.
 */
export async function takeRateLimits(windows: Window[], at: number): Promise<RateLimitResult> {
  if (windows.length === 0) return { allowed: true };
  const locks = [...new Set(windows.map((w) => `${w.bucket}:${w.key}`))].sort();
  const [, counted] = await atomically(
    () =>
      databaseDialect() === "postgres"
        ? sql`SELECT pg_advisory_xact_lock(hashtext(name))
              FROM unnest(CAST(${`{${locks.map((l) => JSON.stringify(l)).join(",")}}`} AS text[])) AS name
              ORDER BY name`
        : undefined,
    () => takeStatement(windows, at),
  );
  if (counted.length > 0) return { allowed: true };
  return refusal(windows, at);
}

/**
 * The one statement of takeRateLimits: a row per window's current slot, inserted or counted up,
 * if every window has room. The room is asked once, in a materialized CTE: written as the
 * INSERT's WHERE, SQLite pushed it into each arm of the UNION ALL and counted every window once
 * per window (25 counts for the 5 windows of an SMS send instead of 5).
 */
export function takeStatement(windows: Window[], at: number): SQL {
  // One row per (bucket, key, slot): PostgreSQL's upsert may not touch a row twice.
  const slots = new Map(
    windows.map((w) => [
      JSON.stringify([w.bucket, w.key, slotOf(at, w.windowMs)]),
      { ...w, slot: slotOf(at, w.windowMs) },
    ]),
  );
  const wanted = sql.join(
    [...slots.values()].map(
      (w) =>
        sql`SELECT CAST(${w.bucket} AS text) AS bucket, CAST(${w.key} AS text) AS key, CAST(${w.slot} AS bigint) AS slot`,
    ),
    sql` UNION ALL `,
  );
  const room = sql.join(
    windows.map(
      (w) => sql`(SELECT coalesce(sum(events), 0) FROM ${rateLimitCounts}
        WHERE bucket = ${w.bucket} AND key = ${w.key} AND slot >= ${firstSlot(at, w.windowMs)}) < ${w.limit}`,
    ),
    sql` AND `,
  );
  return sql`
    WITH room (ok) AS MATERIALIZED (SELECT ${room})
    INSERT INTO ${rateLimitCounts} (bucket, key, slot, events, last_at)
    SELECT wanted.bucket, wanted.key, wanted.slot, 1, CAST(${at} AS bigint)
    FROM (${wanted}) AS wanted, room
    WHERE room.ok
    ON CONFLICT (bucket, key, slot) DO UPDATE SET events = ${rateLimitCounts}.events + 1,
      last_at = CASE WHEN excluded.last_at > ${rateLimitCounts}.last_at
        THEN excluded.last_at ELSE ${rateLimitCounts}.last_at END
    RETURNING bucket`;
}

/** Which windows are full, and when the last of them has room again (read only). */
export async function refusal(
  windows: Window[],
  at: number,
): Promise<Extract<RateLimitResult, { allowed: false }>> {
  const refused: Window[] = [];
  let retryAfterMs = 1000;
  for (const limit of windows) {
    const rows = await statements().slots.execute(
      window(limit.bucket, limit.key, limit.windowMs, at),
    );
    const used = rows.reduce((sum, row) => sum + row.events, 0);
    if (used < limit.limit) continue;
    refused.push(limit);
    // Room comes back when the oldest slots, holding the events beyond the limit, leave.
    let leaving = used - limit.limit + 1;
    const slot = rows.find((row) => (leaving -= row.events) <= 0)?.slot ?? at;
    retryAfterMs = Math.max(retryAfterMs, slot + limit.windowMs - at);
  }
  return { allowed: false, retryAfterMs, refused };
}

/** One window; see takeRateLimits. */
export async function takeRateLimit(
  bucket: string,
  key: string,
  limit: number,
  windowMs: number,
  at: number,
): Promise<RateLimitResult> {
  return takeRateLimits([{ bucket, key, limit, windowMs }], at);
}

/** Records one event of (bucket, key), counted in windows of `windowMs`, with no limit. */
export async function recordEvent(
  bucket: string,
  key: string,
  windowMs: number,
  at: number,
): Promise<void> {
  await takeRateLimit(bucket, key, Number.MAX_SAFE_INTEGER, windowMs, at);
}
