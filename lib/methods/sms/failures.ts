import "server-only";
import { eq, sql, type SQLWrapper } from "drizzle-orm";
import { databaseDialect, executeWrite, getDb, preparedOnce, type Db } from "@/lib/db/client";
import { forDialect, numberOrNull } from "@/lib/db/dialect";
import { rateLimited } from "@/lib/errors";
import { refusal } from "@/lib/i18n/catalogue";
import { log } from "@/lib/log";
import * as sqlite from "./tables";
import * as postgres from "./tables.pg";
import { smsSettings } from "./settings";

// The failure budget of one number (docs/security.md#guessing): each code allows a few wrong
// guesses, and a number allows MAX_FAILURES_PER_NUMBER wrong guesses in a row across all its
// codes; past that, no code is sent or checked for it for SMS_FAILURE_LOCK seconds. Only a right
// code starts the count again: neither the end of a lock nor time without wrong codes does, or an
// attacker would get a fresh budget of guesses every cooling period. So once the budget is spent,
// each wrong code after a lock ended locks the number again.

const failures = forDialect(sqlite.smsNumberFailures, postgres.smsNumberFailures);

// Each guess takes a slot of the budget before its code is compared, in the transaction that
// claims its attempt (./queries.ts claimCodeAttempt): the slot counts the guess as a failure in
// advance, and the slot that reaches the budget locks the number at once. A right code then
// clears the count (clearFailures). So guesses sent all at once cannot all be evaluated: of N
// parallel guesses, at most the slots left are compared, and the others find the number locked.

type Values = { phone: unknown; at: unknown; max: unknown; lockUntil: unknown };

/**
 * Counts a guess against the number's budget unless the number is locked at `at`: one upsert,
 * whose condition and count cannot be split by a concurrent guess. Once the count reaches
 * `max`, the number is locked until `lockUntil`. Returns the row only if the slot was taken.
 */
function slotStatement(db: Db, values: Values) {
  const lockUntil = sql`CAST(${values.lockUntil} AS bigint)`;
  return db
    .insert(failures)
    .values({
      phone: values.phone,
      failures: 1,
      lockedUntil: sql`CASE WHEN 1 >= ${values.max} THEN ${lockUntil} END`,
      updatedAt: values.at,
    } as unknown as typeof failures.$inferInsert)
    .onConflictDoUpdate({
      target: failures.phone,
      set: {
        failures: sql`${failures.failures} + 1`,
        lockedUntil: sql`CASE WHEN ${failures.failures} + 1 >= ${values.max} THEN ${lockUntil} ELSE ${failures.lockedUntil} END`,
        updatedAt: sql`${values.at}`,
      },
      setWhere: sql`${failures.lockedUntil} IS NULL OR ${failures.lockedUntil} <= ${values.at}`,
    })
    .returning({
      phone: failures.phone,
      failures: failures.failures,
      lockedUntil: failures.lockedUntil,
    });
}

const placeholders: Values = {
  phone: sql.placeholder("phone"),
  at: sql.placeholder("at"),
  max: sql.placeholder("max"),
  lockUntil: sql.placeholder("lockUntil"),
};

// Prepared once: every guess takes a slot and reads the number's row when refused, so building
// and compiling these statements again each time cost more than running them (npm run bench).
const statements = preparedOnce((db) => ({
  byPhone: db
    .select()
    .from(failures)
    // The primary key: one row at most, so no LIMIT (see preparedOnce).
    .where(eq(failures.phone, sql.placeholder("phone")))
    .prepare(),
  take: slotStatement(db, placeholders).prepare(),
  // A slot given back: the count one lower, and the lock its taking set, if it did, lifted.
  release: db
    .update(failures)
    .set({
      failures: sql`CASE WHEN ${failures.failures} > 0 THEN ${failures.failures} - 1 ELSE 0 END`,
      lockedUntil: sql`CASE WHEN ${failures.lockedUntil} = ${sql.placeholder("lockedBySlot")} THEN NULL ELSE ${failures.lockedUntil} END`,
    })
    .where(eq(failures.phone, sql.placeholder("phone")))
    .prepare(),
}));

/** A guess's slot of its number's budget, as taking it left the number's row. */
export type FailureSlot = {
  phone: string;
  failures: number;
  lockedUntil: number | null;
  /** Whether taking this slot locked the number (it was the last one of the budget). */
  locked: boolean;
};

/**
 * The statement that takes a slot of `phone`'s budget, for a transaction (`atomically`) on
 * `tx`; `slotTaken` reads its rows. On SQLite the transaction runs on the one connection, so
 * the statement prepared once serves; on PostgreSQL it is built on the transaction.
 */
export function takeFailureSlot(tx: Db, phone: string, at: number) {
  const sms = smsSettings.read();
  const values = {
    phone,
    at,
    max: sms.MAX_FAILURES_PER_NUMBER,
    lockUntil: at + sms.SMS_FAILURE_LOCK * 1000,
  };
  if (databaseDialect() === "sqlite") {
    const take = statements().take;
    return { all: () => take.all(values) };
  }
  return slotStatement(tx, values);
}

/** The slot a `takeFailureSlot` statement took at `at`, if it took one. */
export function slotTaken(
  rows: { phone: string; failures: number; lockedUntil: number | null }[],
  at: number,
): FailureSlot | undefined {
  const [row] = rows;
  if (!row) return undefined;
  const lockedUntil = numberOrNull(row.lockedUntil);
  // A slot is only taken while the number is not locked: a lock that ends after `at` is this
  // slot's own.
  return { ...row, failures: Number(row.failures), lockedUntil, locked: (lockedUntil ?? 0) > at };
}

/** Until when the number in `phone` is locked, if it ever was (a scalar subquery of a larger read). */
export function lockedUntilOf(phone: SQLWrapper | string) {
  return sql`(SELECT ${failures.lockedUntil} FROM ${failures} WHERE ${failures.phone} = ${phone})`.mapWith(
    numberOrNull,
  );
}

// How recent a lock may be and still be a guess's own, set by its slot while it is compared
// (past the budget, each guess's slot locks the number before its comparison).
const FRESH_LOCK_MS = 2000;

/**
 * Refuses a guess while the number's SMS method is locked. A lock set this instant may be
 * another guess's, still being compared: if that guess is right the lock is lifted a moment
 * later, so the refusal asks to try again in a second rather than in SMS_FAILURE_LOCK.
 */
export async function assertNumberNotLocked(phone: string, at: number): Promise<void> {
  const [row] = await statements().byPhone.execute({ phone });
  const lockedUntil = row?.lockedUntil ?? null;
  // The row changes only when a slot is taken, which a locked number refuses: its updatedAt is
  // when the lock was set (a guess a few ms before the one that set it reads a small negative).
  if (
    row &&
    lockedUntil !== null &&
    lockedUntil > at &&
    Math.abs(at - row.updatedAt) < FRESH_LOCK_MS
  ) {
    throw rateLimited(refusal("server.errors.numberLocked", "server.errors.numberLockedAlone"), 1);
  }
  refuseIfLocked(lockedUntil, at);
}

/** Refuses when `lockedUntil` (the number's, as read) is still to come. */
export function refuseIfLocked(lockedUntil: number | null, at: number): void {
  if (lockedUntil !== null && lockedUntil > at) {
    throw rateLimited(
      refusal("server.errors.numberLocked", "server.errors.numberLockedAlone"),
      (lockedUntil - at) / 1000,
    );
  }
}

/** A wrong code: its slot stays counted; when it was the budget's last, the number is locked. */
export function keepFailure(slot: FailureSlot): void {
  if (slot.locked) {
    log.warn("sms locked for a number after too many wrong codes", {
      failures: slot.failures,
      lockSeconds: smsSettings.read().SMS_FAILURE_LOCK,
    });
  }
}

/**
 * A right code whose approval another request beat (the code was used or the verification
 * ended meanwhile): no wrong code, so its slot is given back, and the lock it set, if any, lifted.
 */
export async function releaseFailureSlot(slot: FailureSlot): Promise<void> {
  await executeWrite(statements().release, {
    phone: slot.phone,
    lockedBySlot: slot.locked ? slot.lockedUntil : null,
  });
}

/** A right code: the count starts again. */
export async function clearFailures(phone: string): Promise<void> {
  await getDb().delete(failures).where(eq(failures.phone, phone));
}
