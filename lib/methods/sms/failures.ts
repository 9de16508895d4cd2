import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
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

/** Refuses while the number's SMS method is locked. */
export async function assertNumberNotLocked(phone: string, at: number): Promise<void> {
  const [row] = await getDb().select().from(failures).where(eq(failures.phone, phone)).limit(1);
  if (row?.lockedUntil && row.lockedUntil > at) {
    throw rateLimited(words("server.errors.numberLocked"), (row.lockedUntil - at) / 1000);
  }
}

const DAY = 24 * 3600_000;

function fresh(at: number) {
  return sql`((${failures.lockedUntil} IS NOT NULL AND ${failures.lockedUntil} <= ${at}) OR ${failures.updatedAt} < ${at - DAY})`;
}

/** Counts a wrong guess, in one statement; locks the number when it reaches the budget. */
export async function countFailure(phone: string, at: number): Promise<void> {
  const env = getEnv();
  const lockUntil = at + env.SMS_FAILURE_LOCK * 1000;
  const [row] = await getDb()
    .insert(failures)
    .values({ phone, failures: 1, updatedAt: at })
    .onConflictDoUpdate({
      target: failures.phone,
      set: {
        // A lock that ran out, or a day without wrong codes, starts the count again.
        failures: sql`CASE WHEN ${fresh(at)} THEN 1 ELSE ${failures.failures} + 1 END`,
        lockedUntil: sql`CASE WHEN ${fresh(at)} THEN NULL ELSE ${failures.lockedUntil} END`,
        updatedAt: at,
      },
    })
    .returning();
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
