import "server-only";
import { SQL, and, eq, getTableColumns, inArray, is, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "./client";
import {
  verifications,
  verifiedPhones,
  type NewVerification,
  type Verification,
  type VerificationMethod,
  type VerificationStatus,
} from "./schema";

// Every read and write of verifications. Counters move with single conditional statements
// so that concurrent requests cannot overshoot them (DESIGN.md §5, security.md R13/R14).

// The statements on the hot paths (every status poll, every guess, every code sent) are built
// and prepared once per database handle: building a Drizzle query and preparing its SQL on
// every call cost several times the query itself.
const preparedByDb = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

const columns = getTableColumns(verifications);
type Column = keyof typeof columns;

function prepareStatements(db: Db) {
  return {
    // Every column a placeholder; insertVerification fills in the schema's defaults.
    insert: db
      .insert(verifications)
      .values(
        Object.fromEntries(
          Object.keys(columns).map((name) => [name, sql.placeholder(name)]),
        ) as unknown as NewVerification,
      )
      .returning()
      .prepare(),
    byId: db
      .select()
      .from(verifications)
      .where(eq(verifications.id, sql.placeholder("id")))
      .limit(1)
      .prepare(),
    byAuthId: db
      .select()
      .from(verifications)
      .where(eq(verifications.authId, sql.placeholder("authId")))
      .limit(1)
      .prepare(),
    claimAttempt: db
      .update(verifications)
      .set({
        attempts: sql`${verifications.attempts} + 1`,
        updatedAt: sql`${sql.placeholder("at")}`,
      })
      .where(
        and(
          eq(verifications.id, sql.placeholder("id")),
          eq(verifications.status, "pending"),
          lt(verifications.attempts, verifications.maxAttempts),
          sql`${verifications.expiresAt} >= ${sql.placeholder("at")}`,
        ),
      )
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
  };
}

function statements() {
  const db = getDb();
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = prepareStatements(db);
    preparedByDb.set(db, prepared);
  }
  return prepared;
}

export async function insertVerification(row: NewVerification): Promise<Verification> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(columns) as Column[]) {
    const column = columns[name];
    // The prepared insert names every column, so the database's own defaults never apply:
    // the schema's are filled in here. An SQL default could not be a parameter; none exists.
    const fallback = column.defaultFn?.() ?? column.default ?? null;
    if (is(fallback, SQL)) throw new Error(`verifications.${name}: SQL default not supported`);
    values[name] = row[name] ?? fallback;
  }
  const [inserted] = await statements().insert.execute(values);
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function findVerification(id: string): Promise<Verification | undefined> {
  const [row] = await statements().byId.execute({ id });
  return row;
}

export async function findVerificationByAuthId(authId: string): Promise<Verification | undefined> {
  const [row] = await statements().byAuthId.execute({ authId });
  return row;
}

export async function findVerificationByProviderRef(
  method: VerificationMethod,
  providerRef: string,
): Promise<Verification | undefined> {
  return getDb().query.verifications.findFirst({
    where: and(eq(verifications.method, method), eq(verifications.providerRef, providerRef)),
  });
}

/** Changes fields of a verification that is still pending; undefined if it no longer is. */
export async function updatePendingVerification(
  id: string,
  fields: Partial<Omit<NewVerification, "id">>,
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set(fields)
    .where(and(eq(verifications.id, id), eq(verifications.status, "pending")))
    .returning();
  return row;
}

/**
 * Moves a verification out of `from` (pending by default) to a final status. Only one caller
 * can win this race: the others get undefined.
 */
export async function finishVerification(
  id: string,
  status: Exclude<VerificationStatus, "pending">,
  at: number,
  fields: Partial<Pick<NewVerification, "statusReason" | "displayName" | "providerState">> = {},
  from: VerificationStatus[] = ["pending"],
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set({ ...fields, status, updatedAt: at, completedAt: at })
    .where(and(eq(verifications.id, id), inArray(verifications.status, from)))
    .returning();
  return row;
}

/**
 * Claims one guess at an SMS code: counts it and returns the row only if the verification is
 * pending, unexpired and has guesses left. The count happens before the comparison, in one
 * statement, so that N parallel guesses evaluate at most `max_attempts` of them.
 */
export async function claimCodeAttempt(id: string, at: number): Promise<Verification | undefined> {
  const [row] = await statements().claimAttempt.execute({ id, at });
  return row;
}

/**
 * Replaces the SMS code (a resend): only while the verification may still be resent,
 * its send cap is not reached and its cooldown has passed. Returns undefined otherwise.
 */
export async function replaceCode(
  id: string,
  fields: { codeHash: string; expiresAt: number; at: number; maxSends: number; cooldownMs: number },
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set({
      codeHash: fields.codeHash,
      attempts: 0,
      sends: sql`${verifications.sends} + 1`,
      lastSentAt: fields.at,
      expiresAt: fields.expiresAt,
      status: "pending",
      statusReason: null,
      updatedAt: fields.at,
    })
    .where(
      and(
        eq(verifications.id, id),
        eq(verifications.method, "sms"),
        inArray(verifications.status, ["pending", "expired"]),
        lt(verifications.sends, fields.maxSends),
        sql`(${verifications.lastSentAt} IS NULL OR ${verifications.lastSentAt} <= ${fields.at - fields.cooldownMs})`,
      ),
    )
    .returning();
  return row;
}

/** Records that the SMS for the current code could not be sent: resend is allowed at once. */
export async function markSendFailed(id: string, sentAt: number): Promise<void> {
  await getDb()
    .update(verifications)
    .set({ statusReason: "send_failed", lastSentAt: null })
    .where(and(eq(verifications.id, id), eq(verifications.lastSentAt, sentAt)));
}

export async function markSent(id: string, sentAt: number, providerRef: string): Promise<void> {
  await statements().markSent.execute({ id, sentAt, providerRef });
}

/** Overwrites a verification whatever its state (the seed API's re-POST with the same auth_id). */
export async function overwriteVerification(
  id: string,
  fields: Partial<Omit<NewVerification, "id">>,
): Promise<void> {
  await getDb().update(verifications).set(fields).where(eq(verifications.id, id));
}

/** Deletes a verification if it is still pending (the seed API's consume); true if it did. */
export async function deletePendingVerification(id: string): Promise<boolean> {
  const rows = await getDb()
    .delete(verifications)
    .where(and(eq(verifications.id, id), eq(verifications.status, "pending")))
    .returning({ id: verifications.id });
  return rows.length > 0;
}

export async function deleteVerification(id: string): Promise<void> {
  await getDb().delete(verifications).where(eq(verifications.id, id));
}

export async function recordVerifiedPhone(row: Verification, at: number): Promise<void> {
  const values = {
    phone: row.phone,
    method: row.method,
    verificationId: row.id,
    displayName: row.displayName,
    verifiedAt: at,
  };
  await getDb()
    .insert(verifiedPhones)
    .values(values)
    .onConflictDoUpdate({ target: verifiedPhones.phone, set: values });
}

export async function findVerifiedPhone(phone: string) {
  return getDb().query.verifiedPhones.findFirst({ where: eq(verifiedPhones.phone, phone) });
}
