import "server-only";
import { and, asc, eq, gt, gte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import {
  atomically,
  compileForSqlite,
  databaseDialect,
  getDb,
  preparedOnce,
  type CompiledQuery,
} from "./client";
import { numberOrNull } from "./dialect";
import { rateLimitCounts } from "./schema";

/** One sliding window: at most `limit` events of (bucket, key) in the last `windowMs`. */
export type Window = { bucket: string; key: string; limit: number; windowMs: number };

type RateLimitResult =
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
    () =>
      databaseDialect() === "postgres" ? takeStatement(windows, at) : compiledTake(windows, at),
  );
  if (counted.length > 0) return { allowed: true };
  return refusal(windows, at);
}

/**
 * What a take's statement is made of: a row per distinct (bucket, key, slot) to insert or count
 * up, and per window the count that must stay under its limit. `shape` says everything the
 * statement's text depends on (how many windows, and which row each window's slot is); the
 * values are laid out as `at`, then three per row, then four per window (see takeSql).
 */
function takeParts(windows: Window[], at: number) {
  // One row per (bucket, key, slot): PostgreSQL's upsert may not touch a row twice.
  const rows: { bucket: string; key: string; slot: number }[] = [];
  const shape: number[] = [];
  const windowValues: (string | number)[] = [];
  for (const w of windows) {
    const slot = slotOf(at, w.windowMs);
    let row = rows.findIndex((r) => r.bucket === w.bucket && r.key === w.key && r.slot === slot);
    if (row < 0) row = rows.push({ bucket: w.bucket, key: w.key, slot }) - 1;
    shape.push(row);
    windowValues.push(w.bucket, w.key, firstSlot(at, w.windowMs), w.limit);
  }
  const values = [at, ...rows.flatMap((r) => [r.bucket, r.key, r.slot]), ...windowValues];
  return { shape, rows: rows.length, values };
}

/**
 * The one statement of takeRateLimits: a row per window's current slot, inserted or counted up,
 * if every window has room. The room is asked once, in a materialized CTE: written as the
 * INSERT's WHERE, SQLite pushed it into each arm of the UNION ALL and counted every window once
 * per window (25 counts for the 5 windows of an SMS send instead of 5). `value(i)` is the i-th
 * of takeParts' values: the value itself, or a placeholder for it.
 */
function takeSql(windowCount: number, rowCount: number, value: (index: number) => unknown): SQL {
  const row = (r: number, field: number) => value(1 + 3 * r + field);
  const window = (i: number, field: number) => value(1 + 3 * rowCount + 4 * i + field);
  const wanted = sql.join(
    Array.from(
      { length: rowCount },
      (_, r) =>
        sql`SELECT CAST(${row(r, 0)} AS text) AS bucket, CAST(${row(r, 1)} AS text) AS key, CAST(${row(r, 2)} AS bigint) AS slot`,
    ),
    sql` UNION ALL `,
  );
  const room = sql.join(
    Array.from(
      { length: windowCount },
      (_, i) => sql`(SELECT coalesce(sum(events), 0) FROM ${rateLimitCounts}
        WHERE bucket = ${window(i, 0)} AND key = ${window(i, 1)} AND slot >= ${window(i, 2)}) < ${window(i, 3)}`,
    ),
    sql` AND `,
  );
  return sql`
    WITH room (ok) AS MATERIALIZED (SELECT ${room})
    INSERT INTO ${rateLimitCounts} (bucket, key, slot, events, last_at)
    SELECT wanted.bucket, wanted.key, wanted.slot, 1, CAST(${value(0)} AS bigint)
    FROM (${wanted}) AS wanted, room
    WHERE room.ok
    ON CONFLICT (bucket, key, slot) DO UPDATE SET events = ${rateLimitCounts}.events + 1,
      last_at = CASE WHEN excluded.last_at > ${rateLimitCounts}.last_at
        THEN excluded.last_at ELSE ${rateLimitCounts}.last_at END
    RETURNING bucket`;
}

/** The statement of a take, with its values in it (PostgreSQL's, and the plan test's). */
export function takeStatement(windows: Window[], at: number): SQL {
  const { shape, rows, values } = takeParts(windows, at);
  return takeSql(shape.length, rows, (index) => values[index]);
}

// On SQLite the take's text is built and compiled once per shape, and each take only binds its
// values: building the statement with Drizzle and turning it into SQL on every send cost more
// than running it (about a tenth of the seed API's create, in npm run bench).
const compiledTakes = new Map<string, { text: string; order: number[] }>();

function compiledTake(windows: Window[], at: number): CompiledQuery {
  const { shape, rows, values } = takeParts(windows, at);
  const key = shape.join(",");
  let compiled = compiledTakes.get(key);
  if (!compiled) {
    const { text, params } = compileForSqlite(
      takeSql(shape.length, rows, (index) => sql.placeholder(String(index))),
    );
    // Every bound value is a placeholder, named by its index in takeParts' values.
    const order = params.map((param) => Number((param as { name: string }).name));
    compiled = { text, order };
    compiledTakes.set(key, compiled);
  }
  return { text: compiled.text, params: compiled.order.map((index) => values[index]) };
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

/**
 * Gives back one event of (bucket, key) taken at `at` in windows of `windowMs`: for an event
 * that did not happen after all (a prompt the provider refused to send).
 */
export async function giveBackEvent(
  bucket: string,
  key: string,
  windowMs: number,
  at: number,
): Promise<void> {
  await getDb()
    .update(rateLimitCounts)
    .set({ events: sql`${rateLimitCounts.events} - 1` })
    .where(
      and(
        eq(rateLimitCounts.bucket, bucket),
        eq(rateLimitCounts.key, key),
        eq(rateLimitCounts.slot, slotOf(at, windowMs)),
        gt(rateLimitCounts.events, 0),
      ),
    );
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
