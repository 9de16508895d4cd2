import "server-only";
import { and, eq, gte, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import { atomicallyLocking, getDb } from "@/lib/db/client";
import { lockSession } from "@/lib/db/sessions";
import {
  sessions,
  verifications,
  verifiedPhones,
  type NewVerification,
  type Verification,
  type VerificationStatus,
} from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { log } from "@/lib/log";
import { afterAttemptApproved, settleSessionOf } from "@/lib/core/session-state";
import type { CoreReason } from "./dto";
import { ended, EXPIRED_REASON, isOverdue, LOCKED_REASON, type Ending } from "./endings";
import type { ReasonRule } from "./method";

// Every status change of a verification, for every method:
//   pending → approved | rejected | failed | expired | locked, and back to pending (a resend;
//   the seed SMS API's overwrite of an entry under the same auth_id, from any status).
// Each change is one conditional UPDATE that names the status it expects (and, where a method
// asks, the provider state it read), so that of two requests racing to change one verification
// exactly one wins; the loser gets undefined, re-reads, and answers with what is there.
// (docs/security.md#guessing, docs/security.md#failing-closed)

/** The provider state the caller read, when the change must not overwrite a newer one. */
type Expect = { providerState: string | null };

function pending(row: Verification, expect?: Expect): SQL | undefined {
  return and(
    eq(verifications.id, row.id),
    eq(verifications.status, "pending"),
    expect === undefined
      ? undefined
      : expect.providerState === null
        ? isNull(verifications.providerState)
        : eq(verifications.providerState, expect.providerState),
  );
}

/**
 * Outside a session, or in one still pending and not past its expiry at `at`: an attempt of an
 * ended session is neither approved nor reopened, whichever request gets there after the
 * session ended (or ran out of time, before a sweep marked it expired).
 */
function sessionStillOpen(at: number): SQL | undefined {
  return or(
    isNull(verifications.sessionId),
    inArray(
      verifications.sessionId,
      getDb()
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.status, "pending"), gte(sessions.expiresAt, at))),
    ),
  );
}

function logEnd(row: Verification, status: VerificationStatus, reason?: string | null) {
  log.info("verification ended", {
    verificationId: row.id,
    method: row.method,
    status,
    ...(reason ? { reason } : {}),
  });
}

async function end(
  row: Verification,
  status: "rejected" | "failed" | "locked" | "expired",
  at: number,
  ending: Ending,
  where: SQL | undefined,
): Promise<Verification | undefined> {
  const [changed] = await getDb()
    .update(verifications)
    .set(ended(status, at, ending))
    .where(where)
    .returning();
  if (changed) logEnd(row, status, ending.reason);
  return changed;
}

/**
 * The number is proven. The approval and the number's `verified_phones` record are committed
 * together or not at all. An attempt of a session first locks the session's row, as the
 * session's ending does (lib/core/session-state.ts): of an approval and a cancel or expiry
 * racing, the second sees what the first did, so a session never ends canceled or expired with
 * an approved attempt.
 *
 * A proof that arrived after the verification's expiry approves nothing, whichever way it came
 * (a late or retried provider callback for a verification nobody polled): the one expiry rule.
 * `provenAt`: when the proof arrived, where the approval comes later (Truecaller's profile,
 * fetched after its callback).
 */
export async function approve(
  row: Verification,
  at: number,
  ending: { displayName?: string | null; providerState?: string | null; provenAt?: number } = {},
  expect?: Expect,
): Promise<Verification | undefined> {
  const { provenAt = at, ...fields } = ending;
  const [[approved]] = await atomicallyLocking(
    row.sessionId ? lockSession(row.sessionId) : undefined,
    (tx) =>
      tx
        .update(verifications)
        .set(ended("approved", at, fields))
        .where(
          and(
            pending(row, expect),
            gte(verifications.expiresAt, provenAt),
            sessionStillOpen(provenAt),
          ),
        )
        .returning(),
    (tx, [changed]) => {
      if (!changed) return undefined;
      const record = {
        phone: changed.phone,
        method: changed.method,
        verificationId: changed.id,
        displayName: changed.displayName,
        verifiedAt: at,
      };
      return tx
        .insert(verifiedPhones)
        .values(record)
        .onConflictDoUpdate({ target: verifiedPhones.phone, set: record })
        .returning();
    },
  );
  if (approved) {
    logEnd(row, "approved");
    // A verification session (lib/sessions) this was an attempt of is verified by it.
    if (approved.sessionId) await afterAttemptApproved(approved);
  }
  return approved;
}

/** An ending that names why, from the reasons `Reason` of the method that ends it. */
type EndWith<Reason extends string> = (
  row: Verification,
  reason: Reason,
  at: number,
  ending?: Omit<Ending, "reason">,
  expect?: Expect,
) => Promise<Verification | undefined>;

function endWith(status: "rejected" | "failed"): EndWith<string> {
  return (row, reason, at, ending = {}, expect) =>
    end(row, status, at, { ...ending, reason }, pending(row, expect));
}

/** The person or the provider said no (declined, no match, not a user of the provider). */
const rejectWith = endWith("rejected");

/** It could not be finished: a provider error, an untrusted answer, an operator failure. */
const failWith = endWith("failed");

/** Fails a verification for a reason the core gives for every method (its session ended). */
export const fail: EndWith<CoreReason> = failWith;

/**
 * A method's own endings, which take only the reasons it declares (its reasons.ts) and the
 * core's: a reason nobody declared, and so nobody put into words, is a type error where it is
 * written rather than an ending the person sees without a why.
 */
export function endingsFor<Reason extends string>(
  reasons: Record<Reason, ReasonRule>,
): {
  reject: EndWith<Reason | CoreReason>;
  fail: EndWith<Reason | CoreReason>;
  endUnlessStateMovedOn: EndUnlessStateMovedOn<Reason | CoreReason>;
} {
  void reasons; // only its keys matter, to the type checker
  return { reject: rejectWith, fail: failWith, endUnlessStateMovedOn };
}

/** Too many wrong codes: this code can no longer be used. */
export function lock(row: Verification, at: number): Promise<Verification | undefined> {
  return end(row, "locked", at, { reason: LOCKED_REASON }, pending(row));
}

// The one expiry rule lives with the endings, where a session's ending uses it too.
export { isOverdue };

/**
 * Ends an overdue verification, or one whose session ran out (its own time left or not); the
 * row as it then stands (unchanged when neither).
 */
export async function expireIfOverdue(row: Verification, at: number): Promise<Verification> {
  // Its session may have run out first: then it ends with the session, as the session says.
  const withSession = row.status === "pending" ? await settleSessionOf(row, at) : undefined;
  if (withSession && withSession.status !== "pending") return withSession;
  if (!isOverdue(row, at)) return row;
  const expired = await end(
    row,
    "expired",
    at,
    { reason: EXPIRED_REASON },
    and(pending(row), lt(verifications.expiresAt, at)),
  );
  return expired ?? (await findVerification(row.id)) ?? row;
}

/** The provider itself says the attempt expired (a tru.ID check past its ttl). */
export function expire(row: Verification, at: number): Promise<Verification | undefined> {
  return end(row, "expired", at, { reason: EXPIRED_REASON }, pending(row));
}

/**
 * Pending again with new method fields (an SMS resend, the seed API's overwrite), from one of
 * `from` and only where `where` holds (a method's own conditions, e.g. its send cap).
 */
export async function reopen(
  row: Verification,
  fields: Partial<Omit<NewVerification, "id" | "status" | "statusReason" | "completedAt">>,
  at: number,
  options: { from: VerificationStatus[]; where?: SQL },
): Promise<Verification | undefined> {
  const [reopened] = await getDb()
    .update(verifications)
    .set({ ...fields, status: "pending", statusReason: null, completedAt: null, updatedAt: at })
    .where(
      and(
        eq(verifications.id, row.id),
        inArray(verifications.status, options.from),
        sessionStillOpen(at),
        options.where,
      ),
    )
    .returning();
  return reopened;
}

/**
 * What a provider-state swap may write besides the state (never the status: that is a change
 * above), and a method's own condition that must also still hold (e.g. which send it is).
 */
export type SwapAlso = {
  set?: Partial<Pick<NewVerification, "providerRef" | "expiresAt" | "statusReason" | "lastSentAt">>;
  where?: SQL;
};

/**
 * The one compare-and-set of `provider_state`: replaces it on a pending verification only if
 * it is still what the caller read (and `also.where` holds). Undefined when another request
 * changed it first.
 */
export async function swapProviderState(
  row: Verification,
  next: string,
  at: number,
  also: SwapAlso = {},
): Promise<Verification | undefined> {
  const [swapped] = await getDb()
    .update(verifications)
    .set({ ...also.set, providerState: next, updatedAt: at })
    .where(and(pending(row, { providerState: row.providerState }), also.where))
    .returning();
  return swapped;
}

/**
 * The retry around every compare-and-set of `provider_state`: `write` is given the pending
 * verification as it now stands and makes one conditional change of it that names the state
 * it read (undefined when another request changed that state first), or answers null to leave
 * it alone. On a lost race the row is read again and `write` asked again.
 * Returns the row as it stands, and whether this call changed it.
 */
async function retryOnNewerState(
  row: Verification,
  write: (current: Verification) => Promise<Verification | undefined> | null,
): Promise<{ row: Verification; changed: boolean }> {
  let current = row;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (current.status !== "pending") return { row: current, changed: false };
    const written = write(current);
    if (written === null) return { row: current, changed: false };
    const changed = await written;
    if (changed) return { row: changed, changed: true };
    const reread = await findVerification(current.id);
    if (!reread) return { row: current, changed: false };
    current = reread;
  }
  return { row: current, changed: false };
}

/**
 * Applies `change` to a pending verification's provider state (with `also`: see SwapAlso),
 * reading it again and retrying when another request changed it in between. `change` returns
 * undefined to leave it alone.
 * Returns the row as it stands, and whether this call changed it.
 */
export function updateProviderState<State>(
  row: Verification,
  codec: { read(row: Verification): State; write(state: State): string },
  change: (state: State, row: Verification) => State | undefined,
  at: number,
  also?: SwapAlso,
): Promise<{ row: Verification; changed: boolean }> {
  return retryOnNewerState(row, (current) => {
    const next = change(codec.read(current), current);
    return next === undefined ? null : swapProviderState(current, codec.write(next), at, also);
  });
}

/**
 * Ends a pending verification `rejected` or `failed` (a provider's refusal) with the provider
 * state `next` makes of the one it read, unless another request changed that state first: then
 * it is read again and `next` asked again. `next` returns undefined to leave the row to that
 * other request (it decides the ending). Returns the row as it then stands: how it ended, if
 * it did, here or elsewhere.
 */
type EndUnlessStateMovedOn<Reason extends string> = (
  row: Verification,
  status: "rejected" | "failed",
  reason: Reason,
  at: number,
  next: (current: Verification) => string | undefined,
) => Promise<Verification>;

async function endUnlessStateMovedOn(
  row: Verification,
  status: "rejected" | "failed",
  reason: string,
  at: number,
  next: (current: Verification) => string | undefined,
): Promise<Verification> {
  const end = status === "rejected" ? rejectWith : failWith;
  const { row: after } = await retryOnNewerState(row, (current) => {
    const providerState = next(current);
    if (providerState === undefined) return null;
    return end(current, reason, at, { providerState }, { providerState: current.providerState });
  });
  return after;
}
