import "server-only";
import { eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { executeWrite, getDb, preparedOnce } from "@/lib/db/client";
import { forDialect, numberOrNull } from "@/lib/db/dialect";
import { getEnv } from "@/lib/env";
import { rateLimited } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import { log } from "@/lib/log";
import * as sqlite from "./tables";
import * as postgres from "./tables.pg";

// The failure budget of one number (docs/security.md#guessing): each code allows a few wrong
// guesses, and a number allows MAX_FAILURES_PER_NUMBER wrong guesses in a row across all its
// codes; past that, no code is sent or checked for it for SMS_FAILURE_LOCK seconds.

const failures = forDialect(sqlite.smsNumberFailures, postgres.smsNumberFailures);

const DAY = 24 * 3600_000;

// A lock that ran out, or a day without wrong codes, starts the count again.
const fresh = sql`((${failures.lockedUntil} IS NOT NULL AND ${failures.lockedUntil} <= ${sql.placeholder("at")}) OR ${failures.updatedAt} < ${sql.placeholder("dayAgo")})`;

// Prepared once: every guess reads the number's row and every wrong one counts, so building and
// compiling these statements again each time cost more than running them (npm run bench).
const statements = preparedOnce((db) => ({
  byPhone: db
    .select()
    .from(failures)
    // The primary key: one row at most, so no LIMIT (see preparedOnce).
    .where(eq(failures.phone, sql.placeholder("phone")))
    .prepare(),
  count: db
    .insert(failures)
    .values({
      phone: sql.placeholder("phone"),
      failures: 1,
      updatedAt: sql.placeholder("at"),
    } as unknown as typeof failures.$inferInsert)
    .onConflictDoUpdate({
      target: failures.phone,
      set: {
        failures: sql`CASE WHEN ${fresh} THEN 1 ELSE ${failures.failures} + 1 END`,
        lockedUntil: sql`CASE WHEN ${fresh} THEN NULL ELSE ${failures.lockedUntil} END`,
        updatedAt: sql`${sql.placeholder("at")}`,
      },
    })
    .returning()
    .prepare(),
}));

/** Whether the number in `phone` (a column or a value) is locked at `at`, as a condition. */
export function numberLocked(phone: SQLWrapper, at: SQLWrapper): SQL {
  return sql`EXISTS (SELECT 1 FROM ${failures} WHERE ${failures.phone} = ${phone} AND ${failures.lockedUntil} > ${at})`;
}

/** Until when the number in `phone` is locked, if it ever was (a scalar subquery of a larger read). */
export function lockedUntilOf(phone: SQLWrapper | string) {
  return sql`(SELECT ${failures.lockedUntil} FROM ${failures} WHERE ${failures.phone} = ${phone})`.mapWith(
    numberOrNull,
  );
}

/** Refuses while the number's SMS method is locked. */
export async function assertNumberNotLocked(phone: string, at: number): Promise<void> {
  const [row] = await statements().byPhone.execute({ phone });
  refuseIfLocked(row?.lockedUntil ?? null, at);
}

/** Refuses when `lockedUntil` (the number's, as read) is still to come. */
export function refuseIfLocked(lockedUntil: number | null, at: number): void {
  if (lockedUntil !== null && lockedUntil > at) {
    throw rateLimited(words("server.errors.numberLocked"), (lockedUntil - at) / 1000);
  }
}

/** Counts a wrong guess, in one statement; locks the number when it reaches the budget. */
export async function countFailure(phone: string, at: number): Promise<void> {
  const env = getEnv();
  const lockUntil = at + env.SMS_FAILURE_LOCK * 1000;
  const [row] = await executeWrite(statements().count, { phone, at, dayAgo: at - DAY });
  if (row && row.failures >= env.MAX_FAILURES_PER_NUMBER && row.lockedUntil === null) {
    await getDb().update(failures).set({ lockedUntil: lockUntil }).where(eq(failures.phone, phone));
    log.warn("sms locked for a number after too many wrong codes", {
      failures: row.failures,
      lockSeconds: env.SMS_FAILURE_LOCK,
    });
  }
}

/** A right code: the count starts again. */
export async function clearFailures(phone: string): Promise<void> {
  await getDb().delete(failures).where(eq(failures.phone, phone));
}
