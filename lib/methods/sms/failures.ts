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
// codes; past that, no code is sent or checked for it for SMS_FAILURE_LOCK seconds. Only a right
// code starts the count again: neither the end of a lock nor time without wrong codes does, or an
// attacker would get a fresh budget of guesses every cooling period. So once the budget is spent,
// each wrong code after a lock ended locks the number again.

const failures = forDialect(sqlite.smsNumberFailures, postgres.smsNumberFailures);

const at = sql.placeholder("at");
const max = sql.placeholder("max");
const lockUntil = sql`CAST(${sql.placeholder("lockUntil")} AS bigint)`;

// Prepared once: every guess reads the number's row and every wrong one counts, so building and
// compiling these statements again each time cost more than running them (npm run bench).
const statements = preparedOnce((db) => ({
  byPhone: db
    .select()
    .from(failures)
    // The primary key: one row at most, so no LIMIT (see preparedOnce).
    .where(eq(failures.phone, sql.placeholder("phone")))
    .prepare(),
  // Counts the wrong code and, once the count reaches the budget, locks the number unless a lock
  // is still running: one statement, so that guesses at once cannot slip past the lock.
  count: db
    .insert(failures)
    .values({
      phone: sql.placeholder("phone"),
      failures: 1,
      lockedUntil: sql`CASE WHEN 1 >= ${max} THEN ${lockUntil} END`,
      updatedAt: at,
    } as unknown as typeof failures.$inferInsert)
    .onConflictDoUpdate({
      target: failures.phone,
      set: {
        failures: sql`${failures.failures} + 1`,
        lockedUntil: sql`CASE WHEN ${failures.failures} + 1 >= ${max} AND (${failures.lockedUntil} IS NULL OR ${failures.lockedUntil} <= ${at}) THEN ${lockUntil} ELSE ${failures.lockedUntil} END`,
        updatedAt: sql`${at}`,
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

/** Counts a wrong guess, in one statement; locks the number when the count reaches the budget. */
export async function countFailure(phone: string, at: number): Promise<void> {
  const env = getEnv();
  const lockUntil = at + env.SMS_FAILURE_LOCK * 1000;
  const [row] = await executeWrite(statements().count, {
    phone,
    at,
    max: env.MAX_FAILURES_PER_NUMBER,
    lockUntil,
  });
  if (row && Number(row.lockedUntil) === lockUntil) {
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
