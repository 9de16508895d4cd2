import "server-only";
import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import { updateProviderState } from "@/lib/core/state-machine";
import {
  atomically,
  databaseDialect,
  executeWrite,
  getDb,
  preparedOnce,
  type Db,
} from "@/lib/db/client";
import { verifications, type Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { slotTaken, takeFailureSlot, type FailureSlot } from "./failures";
import type { SmsReason } from "./reasons";
import { z } from "zod";

// How many replaced codes a verification remembers (SMS_MAX_SENDS is at most 20; a person
// types one of the last few, if any).
const REPLACED_KEPT = 4;

// The SMS method's own counters and lookups on `verifications`: guesses, sends, the seed API's
// auth_id. Each counter moves in one conditional statement, so that concurrent requests cannot
// overshoot it (docs/security.md#guessing).

// A guess may be counted while the verification is pending, unexpired and has guesses left.
// Whether its number is locked by wrong codes is asked by the slot of the number's budget that
// the guess takes in the same transaction (./failures.ts).
function claimable(at: unknown): SQL | undefined {
  return and(
    eq(verifications.status, "pending"),
    lt(verifications.attempts, verifications.maxAttempts),
    sql`${verifications.expiresAt} >= ${at}`,
  );
}

/** Counts a guess at the verification `where` picks, if it is claimable at `at`. */
function claimOn(db: Db, where: SQL, at: unknown) {
  return db
    .update(verifications)
    .set({ attempts: sql`${verifications.attempts} + 1`, updatedAt: sql`${at}` })
    .where(and(where, claimable(at)))
    .returning();
}

/** Gives back the attempt a claim counted. */
function unclaimOn(db: Db, id: unknown) {
  return db
    .update(verifications)
    .set({ attempts: sql`${verifications.attempts} - 1` })
    .where(eq(verifications.id, sql`${id}`))
    .returning({ id: verifications.id });
}

const statements = preparedOnce((db) => ({
  claimAttempt: claimOn(
    db,
    eq(verifications.id, sql.placeholder("id")),
    sql.placeholder("at"),
  ).prepare(),
  // The same, for the seed API, which knows an entry by its auth_id.
  claimAttemptByAuthId: claimOn(
    db,
    eq(verifications.authId, sql.placeholder("authId")),
    sql.placeholder("at"),
  ).prepare(),
  unclaimAttempt: unclaimOn(db, sql.placeholder("id")).prepare(),
  markSent: db
    .update(verifications)
    .set({ providerRef: sql`${sql.placeholder("providerRef")}` })
    .where(
      and(
        eq(verifications.id, sql.placeholder("id")),
        eq(verifications.lastSentAt, sql.placeholder("sentAt")),
      ),
    )
    .prepare(),
  byAuthId: db
    .select()
    .from(verifications)
    // auth_id is unique: one row at most, so no LIMIT (see preparedOnce).
    .where(eq(verifications.authId, sql.placeholder("authId")))
    .prepare(),
}));

/** A guess claimed: its verification, counted, and its slot of the number's budget. */
export type ClaimedGuess = { row: Verification; slot: FailureSlot };

/**
 * Claims one guess at an SMS code, in one transaction: counts it and returns the row only if
 * the verification is pending, unexpired and has guesses left, and its number has a slot of
 * its failure budget left (the slot taken, counted as a failure until a right code clears it).
 * With no slot left (the number is locked), the claim is undone in the same transaction. The
 * counts happen before the comparison, so that N parallel guesses evaluate at most
 * `max_attempts` of them per code and MAX_FAILURES_PER_NUMBER per number
 * (docs/security.md#guessing).
 */
export async function claimCodeAttempt(
  target: CodeTarget,
  at: number,
): Promise<ClaimedGuess | undefined> {
  const [[row], slots] = await atomically(
    (tx) => claimStatement(tx, target, at),
    (tx, [claimed]) => (claimed ? takeFailureSlot(tx, claimed.phone, at) : undefined),
    (tx, [claimed], [slot]) => (claimed && !slot ? unclaimStatement(tx, claimed.id) : undefined),
  );
  const slot = slotTaken(slots, at);
  return row && slot ? { row, slot } : undefined;
}

// On SQLite the transaction runs on the one connection, so the statements prepared once serve;
// on PostgreSQL they are built on the transaction.
function claimStatement(tx: Db, target: CodeTarget, at: number) {
  if (databaseDialect() === "sqlite") {
    const prepared = statements();
    return "id" in target
      ? { all: () => prepared.claimAttempt.all({ id: target.id, at }) }
      : { all: () => prepared.claimAttemptByAuthId.all({ authId: target.authId, at }) };
  }
  const where =
    "id" in target ? eq(verifications.id, target.id) : eq(verifications.authId, target.authId);
  return claimOn(tx, where, at);
}

/** Gives back the attempt this transaction's claim counted (its row is this transaction's). */
function unclaimStatement(tx: Db, id: string) {
  if (databaseDialect() === "sqlite") {
    const unclaim = statements().unclaimAttempt;
    return { all: () => unclaim.all({ id }) };
  }
  return unclaimOn(tx, id);
}

/** The verification a guess is for: by its id (when it has one), or by the seed API's auth_id. */
export type CodeTarget = { id: string } | { authId: string };

/** The verification a guess was for, whatever its state now. */
export async function findCodeTarget(target: CodeTarget): Promise<Verification | undefined> {
  return "id" in target ? findVerification(target.id) : findVerificationByAuthId(target.authId);
}

/** The SMS of the code sent at `sentAt` went out; a newer code's send is left alone. */
export async function markSent(id: string, sentAt: number, providerRef: string): Promise<void> {
  await executeWrite(statements().markSent, { id, sentAt, providerRef });
}

/**
 * What an SMS verification keeps in provider_state: until when the provider asked us not to
 * send again, and the hashes of the codes a resend replaced (newest first), so that an old
 * code typed after a resend can be told apart from a wrong one.
 */
type SmsState = { retryAt?: number; replaced?: string[] };

const smsStateSchema = z.object({
  retryAt: z.number().optional().catch(undefined),
  replaced: z.array(z.string()).max(REPLACED_KEPT).optional().catch(undefined),
});

function smsState(row: Verification): SmsState {
  try {
    return smsStateSchema.parse(JSON.parse(row.providerState ?? "{}"));
  } catch {
    return {};
  }
}

/** The provider_state of a new code that replaces `row`'s: its code joins the replaced ones. */
export function replacedState(row: Verification): string {
  const replaced = [row.codeHash, ...(smsState(row).replaced ?? [])].filter(
    (hash): hash is string => !!hash,
  );
  return JSON.stringify({ replaced: replaced.slice(0, REPLACED_KEPT) });
}

/** The hashes of the codes a resend replaced, newest first. */
export function replacedCodes(row: Verification): string[] {
  return smsState(row).replaced ?? [];
}

/**
 * The SMS for the current code could not be sent: a resend is allowed at once, or, when the
 * provider is throttling us, once its Retry-After has passed (kept in provider_state). Through
 * the state machine's compare-and-set: a provider state written meanwhile is read again and
 * kept; a newer send, or a verification that ended meanwhile, is left alone.
 */
export async function markSendFailed(
  row: Verification,
  sentAt: number,
  outcome: { unconfirmed: boolean; refused?: boolean; retryAfterSeconds?: number },
): Promise<void> {
  const { unconfirmed, refused = false, retryAfterSeconds } = outcome;
  const retryAt = retryAfterSeconds === undefined ? undefined : sentAt + retryAfterSeconds * 1000;
  await updateProviderState(
    row,
    { read: smsState, write: JSON.stringify },
    (state, current) => (current.lastSentAt === sentAt ? { ...state, retryAt } : undefined),
    now(),
    {
      // Failed or refused: nothing went out, a new code may go at once. Unconfirmed: the SMS may
      // still arrive (and cost), so the send counts as one for the cooldown.
      set: unconfirmed
        ? { statusReason: "send_unconfirmed" satisfies SmsReason }
        : {
            statusReason: (refused ? "send_refused" : "send_failed") satisfies SmsReason,
            lastSentAt: null,
          },
      where: eq(verifications.lastSentAt, sentAt),
    },
  );
}

/** Until when the provider asked us not to send to this verification again, if it did. */
export function providerRetryAt(row: Verification): number | undefined {
  return smsState(row).retryAt;
}

/**
 * Where a resend may replace the code: its send cap not reached, its cooldown over, and no
 * other send since `row` was read (so that of concurrent resends exactly one goes through).
 */
export function resendAllowed(
  row: Verification,
  options: { at: number; maxSends: number; cooldownMs: number },
): SQL {
  return sql`${verifications.method} = 'sms'
    AND ${verifications.sends} = ${row.sends}
    AND ${verifications.sends} < ${options.maxSends}
    AND (${verifications.lastSentAt} IS NULL OR ${verifications.lastSentAt} <= ${options.at - options.cooldownMs})`;
}

export async function findVerificationByAuthId(authId: string): Promise<Verification | undefined> {
  const [row] = await statements().byAuthId.execute({ authId });
  return row;
}

/**
 * The seed API removes an entry once it is verified, expired or used up: only while it is still
 * so, since a POST for its auth_id may have made it a new pending entry in between.
 */
export async function deleteEntry(
  id: string,
  status: "approved" | "expired" | "locked",
): Promise<void> {
  await getDb()
    .delete(verifications)
    .where(and(eq(verifications.id, id), eq(verifications.status, status)));
}
