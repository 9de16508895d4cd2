import "server-only";
import { and, asc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "./client";
import {
  sessions,
  verifications,
  type NewSession,
  type Session,
  type Verification,
} from "./schema";

// The plain reads and writes of sessions; their status changes are lib/core/session-state.ts's.

export async function insertSession(row: NewSession): Promise<Session> {
  const [inserted] = await getDb().insert(sessions).values(row).returning();
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function findSession(id: string): Promise<Session | undefined> {
  if (id.length > 64) return undefined;
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return row;
}

/**
 * The statement that locks a session's row until the transaction ends (PostgreSQL; see
 * atomicallyLocking): what a session's ending and an approval of one of its attempts both take
 * first, so that whichever comes second sees what the first did.
 */
export function lockSession(id: string): SQL {
  return sql`SELECT ${sessions.id} FROM ${sessions} WHERE ${sessions.id} = ${id} FOR UPDATE`;
}

/** The verifications tried in a session, oldest first. */
export async function attemptsOf(sessionId: string): Promise<Verification[]> {
  return selectAttempts(getDb(), sessionId);
}

/** attemptsOf's query on `db`: a transaction's handle, to read them inside it. */
export function selectAttempts(db: Db, sessionId: string) {
  return db
    .select()
    .from(verifications)
    .where(eq(verifications.sessionId, sessionId))
    .orderBy(asc(verifications.createdAt));
}

/** Binds a session to the first browser that opens it; false when another already has. */
export async function bindSession(id: string, bindingHash: string, at: number): Promise<boolean> {
  const [bound] = await getDb()
    .update(sessions)
    .set({ bindingHash, updatedAt: at })
    .where(and(eq(sessions.id, id), isNull(sessions.bindingHash)))
    .returning({ id: sessions.id });
  if (bound) return true;
  // Bound already: by this browser (opened twice), or by another.
  return (await findSession(id))?.bindingHash === bindingHash;
}

/** Pending sessions past their expiry, or with an approved attempt not yet settled. */
export async function sessionsToSettle(at: number, limit = 100): Promise<Session[]> {
  const approvedIn = getDb()
    .select({ id: verifications.sessionId })
    .from(verifications)
    .where(eq(verifications.status, "approved"));
  const overdue = await getDb()
    .select()
    .from(sessions)
    .where(and(eq(sessions.status, "pending"), lt(sessions.expiresAt, at)))
    .limit(limit);
  const unsettled = await getDb()
    .select()
    .from(sessions)
    .where(and(eq(sessions.status, "pending"), inArray(sessions.id, approvedIn)))
    .limit(limit);
  return [...unsettled, ...overdue];
}

/** Which of `ids` are sessions the browser with this binding opened. */
export async function sessionsOpenedBy(
  bindingHash: string | undefined,
  ids: string[],
): Promise<Set<string>> {
  if (!bindingHash || ids.length === 0) return new Set();
  const rows = await getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(inArray(sessions.id, ids), eq(sessions.bindingHash, bindingHash)));
  return new Set(rows.map((row) => row.id));
}
