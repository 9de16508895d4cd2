import "server-only";
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import { atomically, databaseDialect, getDb } from "./client";
import { rateLimitEvents } from "./schema";

/** One sliding window: at most `limit` events of (bucket, key) in the last `windowMs`. */
export type Window = { bucket: string; key: string; limit: number; windowMs: number };

export type RateLimitResult =
  { allowed: true } | { allowed: false; retryAfterMs: number; refused: Window[] };

/**
 * Records one event in every window, or in none: each must have room. Checks and inserts are
 * one statement, so that N requests at once under a limit of K get exactly K through. On
 * PostgreSQL the windows' advisory locks come first (in one order, so two takers cannot
 * deadlock), because under READ COMMITTED two transactions could each count before the
 * other's insert and both slip in.
 */
export async function takeRateLimits(windows: Window[], at: number): Promise<RateLimitResult> {
  if (windows.length === 0) return { allowed: true };
  const wanted = sql.join(
    windows.map(
      (w) => sql`SELECT CAST(${w.bucket} AS text) AS bucket, CAST(${w.key} AS text) AS key`,
    ),
    sql` UNION ALL `,
  );
  const room = sql.join(
    windows.map(
      (w) => sql`(SELECT count(*) FROM ${rateLimitEvents}
        WHERE bucket = ${w.bucket} AND key = ${w.key} AND created_at > ${at - w.windowMs}) < ${w.limit}`,
    ),
    sql` AND `,
  );
  const locks = [...new Set(windows.map((w) => `${w.bucket}:${w.key}`))].sort();
  const [, inserted] = await atomically(
    () =>
      databaseDialect() === "postgres"
        ? sql`SELECT pg_advisory_xact_lock(hashtext(name))
              FROM unnest(CAST(${`{${locks.map((l) => JSON.stringify(l)).join(",")}}`} AS text[])) AS name
              ORDER BY name`
        : undefined,
    () => sql`
      INSERT INTO ${rateLimitEvents} (bucket, key, created_at)
      SELECT wanted.bucket, wanted.key, CAST(${at} AS bigint) FROM (${wanted}) AS wanted
      WHERE ${room}
      RETURNING id`,
  );
  if (inserted.length > 0) return { allowed: true };
  return refusal(windows, at);
}

/** Which windows are full, and when the last of them has room again. */
async function refusal(windows: Window[], at: number): Promise<RateLimitResult> {
  const refused: Window[] = [];
  let retryAfterMs = 1000;
  for (const window of windows) {
    const since = at - window.windowMs;
    const inWindow = and(
      eq(rateLimitEvents.bucket, window.bucket),
      eq(rateLimitEvents.key, window.key),
      gt(rateLimitEvents.createdAt, since),
    );
    const [counted] = await getDb().select({ n: count() }).from(rateLimitEvents).where(inWindow);
    const used = Number(counted?.n ?? 0);
    if (used < window.limit) continue;
    refused.push(window);
    // Room comes back when the events that fill it beyond the limit leave the window.
    const [oldest] = await getDb()
      .select({ createdAt: rateLimitEvents.createdAt })
      .from(rateLimitEvents)
      .where(inWindow)
      .orderBy(asc(rateLimitEvents.createdAt))
      .offset(used - window.limit)
      .limit(1);
    retryAfterMs = Math.max(retryAfterMs, (oldest?.createdAt ?? at) + window.windowMs - at);
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

/** How many events of (bucket, key) happened in the last `windowMs` (the guard reads these). */
export async function countEvents(bucket: string, key: string, windowMs: number, at: number) {
  const [counted] = await getDb()
    .select({ n: count() })
    .from(rateLimitEvents)
    .where(
      and(
        eq(rateLimitEvents.bucket, bucket),
        eq(rateLimitEvents.key, key),
        gt(rateLimitEvents.createdAt, at - windowMs),
      ),
    );
  return Number(counted?.n ?? 0);
}

/** When the latest event of (bucket, key) in the last `windowMs` happened, if one did. */
export async function lastEventAt(bucket: string, key: string, windowMs: number, at: number) {
  const [latest] = await getDb()
    .select({ createdAt: rateLimitEvents.createdAt })
    .from(rateLimitEvents)
    .where(
      and(
        eq(rateLimitEvents.bucket, bucket),
        eq(rateLimitEvents.key, key),
        gt(rateLimitEvents.createdAt, at - windowMs),
      ),
    )
    .orderBy(desc(rateLimitEvents.createdAt))
    .limit(1);
  return latest?.createdAt;
}

/** Records an event outside any limit (a conversion the guard counts). */
export async function recordEvent(bucket: string, key: string, at: number): Promise<void> {
  await getDb().insert(rateLimitEvents).values({ bucket, key, createdAt: at });
}
