import "server-only";
import { and, eq, inArray, isNull, lt, type SQL } from "drizzle-orm";
import { atomically, getDb } from "@/lib/db/client";
import {
  verifications,
  verifiedPhones,
  type NewVerification,
  type Verification,
  type VerificationStatus,
} from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { log } from "@/lib/log";
import { afterAttemptApproved } from "@/lib/core/session-state";

// Every status change of a verification, for every method:
//   pending → approved | rejected | failed | expired | locked, and back to pending (a resend).
// Each change is one conditional UPDATE that names the status it expects (and, where a method
// asks, the provider state it read), so that of two requests racing to change one verification
// exactly one wins; the loser gets undefined, re-reads, and answers with what is there.
// (docs/security.md#guessing, docs/security.md#failing-closed)

/** Why a verification expired, whatever the method: its time ran out. */
const EXPIRED_REASON = "timed_out";

/** Too many wrong codes for one code. */
const LOCKED_REASON = "too_many_attempts";

/** The provider state the caller read, when the change must not overwrite a newer one. */
type Expect = { providerState: string | null };

type Ending = {
  reason?: string | null;
  displayName?: string | null;
  providerState?: string | null;
};

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

function ended(status: VerificationStatus, at: number, ending: Ending) {
  return {
    status,
    statusReason: ending.reason ?? null,
    ...(ending.displayName !== undefined ? { displayName: ending.displayName } : {}),
    ...(ending.providerState !== undefined ? { providerState: ending.providerState } : {}),
    updatedAt: at,
    completedAt: at,
  };
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
 * together or not at all.
 */
export async function approve(
  row: Verification,
  at: number,
  ending: { displayName?: string | null; providerState?: string | null } = {},
  expect?: Expect,
): Promise<Verification | undefined> {
  const [[approved]] = await atomically(
    (tx) =>
      tx
        .update(verifications)
        .set(ended("approved", at, ending))
        .where(pending(row, expect))
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

function endWith(status: "rejected" | "failed") {
  return (
    row: Verification,
    reason: string,
    at: number,
    ending: Omit<Ending, "reason"> = {},
    expect?: Expect,
  ): Promise<Verification | undefined> =>
    end(row, status, at, { ...ending, reason }, pending(row, expect));
}

/** The person or the provider said no (declined, no match, not a user of the provider). */
export const reject = endWith("rejected");

/** It could not be finished: a provider error, an untrusted answer, an operator failure. */
export const fail = endWith("failed");

/** Too many wrong codes: this code can no longer be used. */
export function lock(row: Verification, at: number): Promise<Verification | undefined> {
  return end(row, "locked", at, { reason: LOCKED_REASON }, pending(row));
}

/** One expiry rule for every method: a pending verification past `expiresAt`. */
export function isOverdue(row: Verification, at: number): boolean {
  return row.status === "pending" && row.expiresAt < at;
}

/** Ends an overdue verification; the row as it then stands (unchanged when not overdue). */
export async function expireIfOverdue(row: Verification, at: number): Promise<Verification> {
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
      and(eq(verifications.id, row.id), inArray(verifications.status, options.from), options.where),
    )
    .returning();
  return reopened;
}

/**
 * The one compare-and-set of `provider_state`: replaces it on a pending verification only if
 * it is still what the caller read. Undefined when another request changed it first.
 */
export async function swapProviderState(
  row: Verification,
  next: string,
  at: number,
): Promise<Verification | undefined> {
  const [swapped] = await getDb()
    .update(verifications)
    .set({ providerState: next, updatedAt: at })
    .where(pending(row, { providerState: row.providerState }))
    .returning();
  return swapped;
}

/**
 * Applies `change` to a pending verification's provider state, reading it again and retrying
 * when another request changed it in between. `change` returns undefined to leave it alone.
 * Returns the row as it stands, and whether this call changed it.
 */
export async function updateProviderState<State>(
  row: Verification,
  codec: { read(row: Verification): State; write(state: State): string },
  change: (state: State, row: Verification) => State | undefined,
  at: number,
): Promise<{ row: Verification; changed: boolean }> {
  let current = row;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (current.status !== "pending") return { row: current, changed: false };
    const next = change(codec.read(current), current);
    if (next === undefined) return { row: current, changed: false };
    const swapped = await swapProviderState(current, codec.write(next), at);
    if (swapped) return { row: swapped, changed: true };
    const reread = await findVerification(current.id);
    if (!reread) return { row: current, changed: false };
    current = reread;
  }
  return { row: current, changed: false };
}
