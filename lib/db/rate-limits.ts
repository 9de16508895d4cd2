import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { atomically, databaseDialect, getDb } from "./client";
import { rateLimitEvents } from "./schema";

type RateLimitResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Records one event in (bucket, key) unless `limit` events already happened in the last
 * `windowMs`. Check and insert are one statement; on PostgreSQL a per-key advisory lock
 * comes first, because under READ COMMITTED two transactions could each count the events
 * before the other's insert and both slip in.
 */
export async function takeRateLimit(
  bucket: string,
  key: string,
  limit: number,
  windowMs: number,
  at: number,
): Promise<RateLimitResult> {
  const since = at - windowMs;
  const [, inserted] = await atomically(
    () =>
      databaseDialect() === "postgres"
        ? sql`SELECT pg_advisory_xact_lock(hashtext(${`${bucket}:${key}`}))`
        : undefined,
    () => sql`
      INSERT INTO ${rateLimitEvents} (bucket, key, created_at)
      SELECT ${bucket}, ${key}, ${at}
      WHERE (SELECT count(*) FROM ${rateLimitEvents}
             WHERE bucket = ${bucket} AND key = ${key} AND created_at > ${since}) < ${limit}
      RETURNING id`,
  );
  if (inserted.length > 0) return { allowed: true };
  const oldest = await getDb()
    .select({ createdAt: rateLimitEvents.createdAt })
    .from(rateLimitEvents)
    .where(
      and(
        eq(rateLimitEvents.bucket, bucket),
        eq(rateLimitEvents.key, key),
        gt(rateLimitEvents.createdAt, since),
      ),
    )
    .orderBy(asc(rateLimitEvents.createdAt))
    .limit(1);
  const first = oldest[0]?.createdAt ?? at;
  return { allowed: false, retryAfterMs: Math.max(1000, first + windowMs - at) };
}
