import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { findFirst, getDb, rawRows } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
import * as sqlite from "./tables";
import type { SandboxTruidCallback, SandboxTruidCheck } from "./tables";
import * as postgres from "./tables.pg";

// Every read and write of the tru.ID emulator's tables. State changes of a check are
// conditional on the status it comes from, so that two requests cannot both move it.

const sandboxTruidTokens = forDialect(sqlite.sandboxTruidTokens, postgres.sandboxTruidTokens);
const sandboxTruidChecks = forDialect(sqlite.sandboxTruidChecks, postgres.sandboxTruidChecks);
const sandboxTruidCallbacks = forDialect(
  sqlite.sandboxTruidCallbacks,
  postgres.sandboxTruidCallbacks,
);
const sandboxTruidKeys = forDialect(sqlite.sandboxTruidKeys, postgres.sandboxTruidKeys);

type CheckStatus = SandboxTruidCheck["status"];

export async function insertSandboxToken(row: typeof sandboxTruidTokens.$inferInsert) {
  await getDb().insert(sandboxTruidTokens).values(row);
}

export async function findSandboxToken(tokenHash: string) {
  return findFirst(sandboxTruidTokens, eq(sandboxTruidTokens.tokenHash, tokenHash));
}

export async function revokeSandboxToken(tokenHash: string, at: number): Promise<void> {
  await getDb()
    .update(sandboxTruidTokens)
    .set({ revokedAt: at })
    .where(eq(sandboxTruidTokens.tokenHash, tokenHash));
}

export async function insertSandboxCheck(row: typeof sandboxTruidChecks.$inferInsert) {
  const [inserted] = await getDb().insert(sandboxTruidChecks).values(row).returning();
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function findSandboxCheck(checkId: string): Promise<SandboxTruidCheck | undefined> {
  return findFirst(sandboxTruidChecks, eq(sandboxTruidChecks.checkId, checkId));
}

/** Changes a check only if its status is one of `from`; undefined if another request won. */
export async function updateSandboxCheck(
  checkId: string,
  from: CheckStatus[],
  fields: Partial<Omit<SandboxTruidCheck, "checkId">>,
): Promise<SandboxTruidCheck | undefined> {
  const [row] = await getDb()
    .update(sandboxTruidChecks)
    .set(fields)
    .where(and(eq(sandboxTruidChecks.checkId, checkId), inArray(sandboxTruidChecks.status, from)))
    .returning();
  return row;
}

export async function countSandboxPatch(checkId: string): Promise<void> {
  await getDb()
    .update(sandboxTruidChecks)
    .set({ patches: sql`${sandboxTruidChecks.patches} + 1` })
    .where(eq(sandboxTruidChecks.checkId, checkId));
}

/** Moves every check whose ttl has run out to EXPIRED; returns the checks it moved. */
export async function expireSandboxChecks(at: number): Promise<SandboxTruidCheck[]> {
  return getDb()
    .update(sandboxTruidChecks)
    .set({ status: "EXPIRED", updatedAt: at, codeHash: null, hopNonce: null })
    .where(
      and(
        inArray(sandboxTruidChecks.status, ["ACCEPTED", "PENDING"]),
        sql`${sandboxTruidChecks.createdAt} + ${sandboxTruidChecks.ttl} * 1000 <= ${at}`,
      ),
    )
    .returning();
}

export async function listSandboxChecks(options: {
  version?: SandboxTruidCheck["version"];
  phoneNumber?: string;
  statuses?: CheckStatus[];
  limit: number;
  offset?: number;
}): Promise<{ rows: SandboxTruidCheck[]; total: number }> {
  const where = and(
    options.version ? eq(sandboxTruidChecks.version, options.version) : undefined,
    options.phoneNumber ? eq(sandboxTruidChecks.phoneNumber, options.phoneNumber) : undefined,
    options.statuses ? inArray(sandboxTruidChecks.status, options.statuses) : undefined,
  );
  const rows = await getDb()
    .select()
    .from(sandboxTruidChecks)
    .where(where)
    .orderBy(desc(sandboxTruidChecks.createdAt), desc(sandboxTruidChecks.checkId))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  const [total] = await getDb().select({ n: count() }).from(sandboxTruidChecks).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function insertSandboxCallback(row: typeof sandboxTruidCallbacks.$inferInsert) {
  const [inserted] = await getDb().insert(sandboxTruidCallbacks).values(row).returning();
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function dueSandboxCallbacks(at: number): Promise<SandboxTruidCallback[]> {
  return getDb()
    .select()
    .from(sandboxTruidCallbacks)
    .where(
      and(
        isNotNull(sandboxTruidCallbacks.nextAttemptAt),
        lte(sandboxTruidCallbacks.nextAttemptAt, at),
      ),
    )
    .orderBy(asc(sandboxTruidCallbacks.id))
    .limit(20);
}

/** Takes one attempt at a due callback; undefined if another request took it first. */
export async function claimSandboxCallback(row: SandboxTruidCallback) {
  const [claimed] = await getDb()
    .update(sandboxTruidCallbacks)
    .set({ attempts: row.attempts + 1, nextAttemptAt: null })
    .where(
      and(
        eq(sandboxTruidCallbacks.id, row.id),
        eq(sandboxTruidCallbacks.attempts, row.attempts),
        isNotNull(sandboxTruidCallbacks.nextAttemptAt),
      ),
    )
    .returning();
  return claimed;
}

export async function recordSandboxCallbackAttempt(
  id: number,
  fields: { lastStatus: number | null; deliveredAt: number | null; nextAttemptAt: number | null },
): Promise<void> {
  await getDb().update(sandboxTruidCallbacks).set(fields).where(eq(sandboxTruidCallbacks.id, id));
}

export async function findSandboxKey() {
  return findFirst(sandboxTruidKeys, undefined, asc(sandboxTruidKeys.createdAt));
}

/** Stores a key unless one exists, in one statement: two first requests end up with one key. */
export async function insertSandboxKeyIfNone(row: typeof sandboxTruidKeys.$inferInsert) {
  await rawRows(sql`
    INSERT INTO ${sandboxTruidKeys} (kid, public_jwk, private_pem, created_at)
    SELECT ${row.kid}, ${row.publicJwk}, ${row.privatePem}, ${row.createdAt}
    WHERE NOT EXISTS (SELECT 1 FROM ${sandboxTruidKeys})
    RETURNING kid`);
}
