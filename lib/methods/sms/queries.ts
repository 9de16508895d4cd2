import "server-only";
import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import { updateProviderState } from "@/lib/core/state-machine";
import { executeWrite, getDb, preparedOnce } from "@/lib/db/client";
import { verifications, type Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { numberLocked } from "./failures";
import { z } from "zod";

// How many replaced codes a verification remembers (SMS_MAX_SENDS is at most 20; a person
// types one of the last few, if any).
const REPLACED_KEPT = 4;

// The SMS method's own counters and lookups on `verifications`: guesses, sends, the seed API's
// auth_id. Each counter moves in one conditional statement, so that concurrent requests cannot
// overshoot it (docs/security.md#guessing).

// A guess may be counted while the verification is pending, unexpired and has guesses left,
// and its number is not locked by wrong codes (asked here rather than in a read before, so that
// a guess costs one statement less).
const claimable = and(
  eq(verifications.status, "pending"),
  lt(verifications.attempts, verifications.maxAttempts),
  sql`${verifications.expiresAt} >= ${sql.placeholder("at")}`,
  sql`NOT ${numberLocked(verifications.phone, sql.placeholder("at"))}`,
);

const countGuess = {
  attempts: sql`${verifications.attempts} + 1`,
  updatedAt: sql`${sql.placeholder("at")}`,
};

const statements = preparedOnce((db) => ({
  claimAttempt: db
    .update(verifications)
    .set(countGuess)
    .where(and(eq(verifications.id, sql.placeholder("id")), claimable))
    .returning()
    .prepare(),
  // The same, for the seed API, which knows an entry by its auth_id.
  claimAttemptByAuthId: db
    .update(verifications)
    .set(countGuess)
    .where(and(eq(verifications.authId, sql.placeholder("authId")), claimable))
    .returning()
    .prepare(),
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

/**
 * Claims one guess at an SMS code: counts it and returns the row only if the verification is
 * pending, unexpired and has guesses left, and its number is not locked by wrong codes. The
 * count happens before the comparison, in one statement, so that N parallel guesses evaluate at
 * most `max_attempts` of them.
 */
export async function claimCodeAttempt(
  target: CodeTarget,
  at: number,
): Promise<Verification | undefined> {
  const [row] =
    "id" in target
      ? await executeWrite(statements().claimAttempt, { id: target.id, at })
      : await executeWrite(statements().claimAttemptByAuthId, { authId: target.authId, at });
  return row;
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
  retryAfterSeconds?: number,
): Promise<void> {
  const retryAt = retryAfterSeconds === undefined ? undefined : sentAt + retryAfterSeconds * 1000;
  await updateProviderState(
    row,
    { read: smsState, write: JSON.stringify },
    (state, current) => (current.lastSentAt === sentAt ? { ...state, retryAt } : undefined),
    now(),
    {
      set: { statusReason: "send_failed", lastSentAt: null },
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

/** The seed API removes an entry once it is verified, expired or used up. */
export async function deleteVerification(id: string): Promise<void> {
  await getDb().delete(verifications).where(eq(verifications.id, id));
}
