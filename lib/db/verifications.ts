import "server-only";
import { SQL, and, desc, eq, getTableColumns, is, max, sql } from "drizzle-orm";
import { executeRead, executeWrite, findFirst, getDb, preparedOnce } from "./client";
import { verifications, type NewVerification, type Verification } from "./schema";

// The reads and plain writes of verifications that every method shares. Status changes are
// the state machine's (lib/core/state-machine.ts); a method's own counters live with it.

const columns = getTableColumns(verifications);
type Column = keyof typeof columns;

const statements = preparedOnce((db) => ({
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
    // The primary key: one row at most, so no LIMIT (see preparedOnce).
    .where(eq(verifications.id, sql.placeholder("id")))
    .prepare(),
}));

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
  const [inserted] = await executeWrite(statements().insert, values);
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function findVerification(id: string): Promise<Verification | undefined> {
  const [row] = await executeRead(statements().byId, { id });
  return row;
}

export async function findVerificationByProviderRef(
  method: string,
  providerRef: string,
): Promise<Verification | undefined> {
  return findFirst(
    verifications,
    and(eq(verifications.method, method), eq(verifications.providerRef, providerRef)),
  );
}

/**
 * The numbers one browser (the hash of its binding secret) started verifications of, the most
 * recent first. A scan of the table: it serves the sandbox's simulated phone, not a hot path.
 */
export async function phonesStartedBy(bindingHash: string, limit: number): Promise<string[]> {
  const latest = max(verifications.createdAt);
  const rows = await getDb()
    .select({ phone: verifications.phone, latest })
    .from(verifications)
    .where(eq(verifications.bindingHash, bindingHash))
    .groupBy(verifications.phone)
    .orderBy(desc(latest))
    .limit(limit);
  return rows.map((row) => row.phone);
}
