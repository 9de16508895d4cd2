import "server-only";
import Database from "better-sqlite3";
import { is, SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { SQLiteSyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { AheadGuard, isPostgresWrite, LEDGER_QUERY, ledgerOf, UNGUARDED } from "./ahead";
import { groupCommitted, guardWrites, readAtTurnEnd, refuseWritesUnless } from "./group-commit";
import { migratePostgres as applyMigrations } from "./migrate-postgres.mjs";
import { SchemaAheadError } from "./unavailable";

// Two stores behind one set of query functions: SQLite through better-sqlite3 by default,
// PostgreSQL when DATABASE_URL=postgres://… (several instances). The queries are written once
// with Drizzle's builder, which speaks both (lib/db/dialect.ts).

export type Db = BetterSQLite3Database & { $client: Database.Database };
type PgDb = NodePgDatabase & { $client: pg.Pool };
type PgTransaction = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

type Open = { key: string; ahead: () => Promise<boolean> } & (
  { dialect: "sqlite"; db: Db } | { dialect: "postgres"; db: PgDb; migrated?: Promise<void> }
);

const globalForDb = globalThis as unknown as { phoneVerifyDb?: Open };

export function databaseDialect(): "sqlite" | "postgres" {
  return getEnv().DATABASE_URL ? "postgres" : "sqlite";
}

/** The database, opened on first use (SQLite: created and migrated on the spot). */
export function getDb(): Db {
  return open().db as unknown as Db;
}

function open(): Open {
  const env = getEnv();
  const key = env.DATABASE_URL ?? path.resolve(env.DATABASE_PATH);
  // Cached on globalThis so that dev-mode reloads and separate route bundles share one handle.
  const cached = globalForDb.phoneVerifyDb;
  if (cached && cached.key === key) return cached;
  const opened: Open = env.DATABASE_URL
    ? { dialect: "postgres", key, ...openPostgres(env.DATABASE_URL) }
    : { dialect: "sqlite", key, ...openSqlite(key) };
  globalForDb.phoneVerifyDb = opened;
  return opened;
}

function openSqlite(file: string): { db: Db; ahead: () => Promise<boolean> } {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // Wait for another writer instead of failing at once (docs/security.md#storage).
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  guardWrites(sqlite);
  const db = drizzleSqlite({ client: sqlite, casing: "snake_case" }) as Db;
  migrateSqlite(db, { migrationsFolder: migrationsFolder("sqlite") });
  // From here on, no write while a newer version of the app has migrated the database.
  const guard = new AheadGuard(migrationsFolder("sqlite"));
  const ledger = sqlite.prepare(LEDGER_QUERY.sqlite);
  const ahead = () => guard.aheadSync(() => ledgerOf(ledger.get() as object | undefined));
  refuseWritesUnless(sqlite, (source) => {
    if (!source.startsWith(UNGUARDED) && ahead()) throw new SchemaAheadError();
  });
  return { db, ahead: async () => ahead() };
}

function openPostgres(url: string): { db: PgDb; ahead: () => Promise<boolean> } {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (a restart) must not crash the process: the
  // pool forgets it and the next query opens a new one.
  pool.on("error", (error) => log.warn("database connection lost", { error: error.message }));
  const guard = new AheadGuard(migrationsFolder("postgres"));
  // Every connection, before it serves its first query: all queries pass through one.
  pool.on("connect", (client) => refuseWritesWhenAhead(client, guard));
  const ahead = async () => {
    await ensureMigrated();
    return guard.aheadAsync(async () =>
      ledgerOf((await pool.query(LEDGER_QUERY.postgres)).rows[0]),
    );
  };
  return { db: drizzlePg({ client: pool, casing: "snake_case" }) as PgDb, ahead };
}

// The connection that applies the migrations writes the ledger itself: never refused.
const migrating = new WeakSet<pg.ClientBase>();

type QueryArgs = [config: unknown, ...rest: unknown[]];
type Callback = (error: Error | null, result?: unknown) => void;

/**
 * From now on, a statement that writes, sent on `client`, is refused with SchemaAheadError when
 * the database is ahead of the code (the ledger read on this connection, at most every 30 s;
 * lib/db/ahead.ts). Drizzle's queries and pg's pool both send theirs through `client.query`,
 * in its promise and its callback forms alike.
 */
function refuseWritesWhenAhead(client: pg.ClientBase, guard: AheadGuard): void {
  const query = client.query.bind(client) as (...args: QueryArgs) => unknown;
  const readLedger = async () =>
    ledgerOf(((await query(LEDGER_QUERY.postgres)) as pg.QueryResult).rows[0]);
  client.query = ((...args: QueryArgs) => {
    const config = args[0] as string | { text?: unknown; submit?: unknown } | undefined;
    const text = typeof config === "string" ? config : config?.text;
    const submittable = typeof config === "object" && typeof config?.submit === "function";
    if (
      typeof text !== "string" ||
      submittable ||
      migrating.has(client) ||
      !isPostgresWrite(text)
    ) {
      return query(...args);
    }
    const known = guard.known();
    // Most writes: the answer is fresh and says go, and the query is sent as it came.
    if (known === false) return query(...args);
    const last = args.at(-1);
    const callback = typeof last === "function" ? (last as Callback) : undefined;
    const allowed = guard.aheadAsync(readLedger).then((ahead) => {
      if (ahead) throw new SchemaAheadError();
    });
    if (!callback) return allowed.then(() => query(...args));
    allowed.then(
      () => query(...args),
      (error: Error) => callback(error),
    );
    return undefined;
  }) as typeof client.query;
}

/** Applies pending migrations (SQLite already did when it opened). */
export async function ensureMigrated(): Promise<void> {
  const opened = open();
  if (opened.dialect === "sqlite") return;
  opened.migrated ??= migratePostgres(opened.db.$client).catch((error) => {
    opened.migrated = undefined;
    throw error;
  });
  await opened.migrated;
}

// Every instance applies what is pending at start, in one transaction under a lock that holds
// behind a transaction pooler too (lib/db/migrate-postgres.mjs).
async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  migrating.add(client);
  try {
    await applyMigrations(client, migrationsFolder("postgres"));
  } finally {
    migrating.delete(client);
    client.release();
  }
}

/**
 * Whether a newer version of the app has migrated the database (its ledger holds migrations this
 * code does not know): then every write is refused (SchemaAheadError), and the timers skip their
 * work. Read from the ledger at most every 30 s.
 */
export function schemaAhead(): Promise<boolean> {
  return open().ahead();
}

export function migrationsFolder(dialect = databaseDialect()): string {
  return path.join(process.cwd(), "drizzle", ...(dialect === "postgres" ? ["pg"] : []));
}

/**
 * Statements built and prepared once per database handle: building a Drizzle query and
 * preparing its SQL on every call cost several times the query itself on the hot paths
 * (every status poll, every guess, every code sent).
 */
export function preparedOnce<T>(build: (db: Db) => T): () => T {
  const byDb = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let prepared = byDb.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      refuseBoundLimits(prepared);
      byDb.set(db, prepared);
    }
    return prepared;
  };
}

type WithQuery = { getQuery(): { sql: string } };
const hasQuery = (value: unknown): value is WithQuery =>
  typeof value === "object" && value !== null && "getQuery" in value;

/**
 * Drizzle binds a `.limit(n)` as a parameter, and SQLite compiles a statement whose LIMIT is a
 * parameter again on every run: a prepared lookup by id then cost three times the lookup itself,
 * which undid the preparing. A lookup by a unique key needs no LIMIT; anything else that needs
 * one is built per call, not prepared once. Checked once per handle, so a new statement with a
 * bound LIMIT fails its first test rather than slowing every request.
 */
export function refuseBoundLimits(prepared: unknown): void {
  const statements = hasQuery(prepared) ? [prepared] : Object.values(prepared ?? {});
  for (const statement of statements) {
    if (!hasQuery(statement)) continue;
    const text = statement.getQuery().sql;
    if (/\blimit\s+(\?|\$\d+)/i.test(text)) {
      throw new Error(
        `a statement prepared once binds its LIMIT, so SQLite compiles it on every run: ${text}`,
      );
    }
  }
}

/** A query prepared once (`preparedOnce`), to run with `values`. */
type Prepared<V, R> = { execute(values: V): PromiseLike<R> };

/**
 * Runs a prepared write (one that returns rows or not) as a transaction of its own. On SQLite it
 * runs at once and is committed with the other transactions begun in this turn of the event
 * loop (lib/db/group-commit.ts), before the promise resolves: a commit of its own cost a
 * one-row write more than the write. The hot paths' writes go through here (a code sent, a
 * guess counted); any other write still commits on its own.
 */
export function executeWrite<V, R>(write: Prepared<V, R>, values: V): Promise<R> {
  return executeInTurn(write, values, (client, run) => groupCommitted(client, run, true));
}

/**
 * Runs a prepared read. On SQLite it runs at once and its caller carries on when this turn of
 * the event loop ends, with the other requests that read or wrote in it
 * (lib/db/group-commit.ts): for the reads every request makes (a status poll's row).
 */
export function executeRead<V, R>(read: Prepared<V, R>, values: V): Promise<R> {
  return executeInTurn(read, values, readAtTurnEnd);
}

/** On SQLite, `query` run at once inside `join`'s handling of the turn; elsewhere as it is. */
async function executeInTurn<V, R>(
  query: Prepared<V, R>,
  values: V,
  join: (client: Database.Database, run: () => R) => Promise<R>,
): Promise<R> {
  const opened = open();
  if (opened.dialect !== "sqlite") return query.execute(values);
  // A prepared SQLite query runs when it is awaited, or at once with sync().
  return join(opened.db.$client, () => (query.execute(values) as unknown as { sync(): R }).sync());
}

/** The first row of `table` where `where` holds (in `orderBy` order), if there is one. */
export async function findFirst<T extends SQLiteTable>(
  table: T,
  where: SQL | undefined,
  orderBy?: SQL,
): Promise<T["$inferSelect"] | undefined> {
  const query = getDb()
    .select()
    .from(table as SQLiteTable)
    .where(where);
  const [row] = await (orderBy ? query.orderBy(orderBy) : query).limit(1);
  return row as T["$inferSelect"] | undefined;
}

/** Runs a raw SQL statement that returns no rows (DDL, for tests), on either database. */
export async function execute(statement: SQL): Promise<void> {
  const opened = open();
  if (opened.dialect === "sqlite") opened.db.run(statement);
  else await opened.db.execute(statement);
}

// Raw statements (the rate limits' check-and-count, the tests' probes) are prepared once per
// text and handle: SQLite compiling the rate limits' statement again on every send cost as
// much as running it.
const sqliteDialect = new SQLiteSyncDialect({ casing: "snake_case" });
const preparedByHandle = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A raw SQLite statement already turned into text, with the values to bind to it. */
export type CompiledQuery = { text: string; params: unknown[] };

/** `query` as SQLite's text and its parameters (a placeholder stays a placeholder). */
export function compileForSqlite(query: SQL): CompiledQuery {
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  return { text, params };
}

function allRaw<T>(db: Db, query: SQL | CompiledQuery): T[] {
  const { text, params } = is(query, SQL) ? compileForSqlite(query) : query;
  let prepared = preparedByHandle.get(db.$client);
  if (!prepared) preparedByHandle.set(db.$client, (prepared = new Map()));
  let statement = prepared.get(text);
  if (!statement) {
    statement = db.$client.prepare(text);
    // Texts differ only by how many windows a take has: a handful. Bound it anyway.
    if (prepared.size >= 200) prepared.clear();
    prepared.set(text, statement);
  }
  return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
}

/** Rows of a raw SQL query, on either database. */
export async function rawRows<T>(query: SQL): Promise<T[]> {
  const opened = open();
  if (opened.dialect === "sqlite") return allRaw<T>(opened.db, query);
  return (await opened.db.execute(query)).rows as T[];
}

/**
 * A statement of a transaction: a query built on the transaction's handle, raw SQL, or (on
 * SQLite) raw SQL compiled once.
 */
type Statement<Row> = { all(): Row[] } | SQL | CompiledQuery;

const isCompiled = (statement: unknown): statement is CompiledQuery =>
  typeof statement === "object" &&
  statement !== null &&
  "text" in statement &&
  "params" in statement;

/**
 * Runs up to four statements in one transaction, all or nothing; each after the first is
 * built from the rows of those before it (or left out when it returns undefined). On SQLite the
 * statements run at once and synchronously, so that no other request's statement can slip in
 * between on the shared connection, and are committed with the other transactions of this turn
 * of the event loop (lib/db/group-commit.ts) before the promise resolves; on PostgreSQL the
 * transaction runs on one pooled connection. (docs/security.md#storage)
 */
export function atomically<A, B = never, C = never>(
  first: (tx: Db) => Statement<A> | undefined,
  second?: (tx: Db, rows: A[]) => Statement<B> | undefined,
  third?: (tx: Db, rows: A[], secondRows: B[]) => Statement<C> | undefined,
): Promise<[A[], B[], C[], never[]]> {
  return atomicallyLocking(undefined, first, second, third);
}

/**
 * `atomically`, with the rows `lock` selects (a `SELECT … FOR UPDATE`) locked first on
 * PostgreSQL. Under READ COMMITTED each statement sees what was committed when it began, and
 * a condition on rows another transaction is changing does not wait for it: two transactions
 * that each check the other's rows would both pass. Locking one row both of them change first
 * makes the second wait, and its statements then see what the first committed. On SQLite the
 * lock is left out: the transaction already runs alone (lib/db/group-commit.ts).
 */
export async function atomicallyLocking<A, B = never, C = never, D = never>(
  lock: SQL | undefined,
  first: (tx: Db) => Statement<A> | undefined,
  second?: (tx: Db, rows: A[]) => Statement<B> | undefined,
  third?: (tx: Db, rows: A[], secondRows: B[]) => Statement<C> | undefined,
  fourth?: (tx: Db, rows: A[], secondRows: B[], thirdRows: C[]) => Statement<D> | undefined,
): Promise<[A[], B[], C[], D[]]> {
  const opened = open();
  if (opened.dialect === "sqlite") {
    // Raw statements go to the connection itself, prepared once: the transaction is on it.
    const db = opened.db;
    const run = <R>(statement: Statement<R> | undefined): R[] =>
      statement === undefined
        ? []
        : is(statement, SQL) || isCompiled(statement)
          ? allRaw<R>(db, statement)
          : statement.all();
    return groupCommitted(db.$client, (): [A[], B[], C[], D[]] => {
      const a = run(first(db));
      const b = second ? run(second(db, a)) : [];
      const c = third ? run(third(db, a, b)) : [];
      return [a, b, c, fourth ? run(fourth(db, a, b, c)) : []];
    });
  }
  // PostgreSQL: the same builders, typed as SQLite's (lib/db/schema/index.ts), are promises here.
  const run = async <R>(tx: PgTransaction, statement: Statement<R> | undefined): Promise<R[]> =>
    statement === undefined
      ? []
      : isCompiled(statement)
        ? fail("a statement compiled for SQLite was given to PostgreSQL")
        : is(statement, SQL)
          ? ((await tx.execute(statement)).rows as R[])
          : ((await (statement as unknown as PromiseLike<R[]>)) ?? []);
  return opened.db.transaction(async (tx) => {
    if (lock) await tx.execute(lock);
    const a = await run(tx, first(tx as unknown as Db));
    const b = second ? await run(tx, second(tx as unknown as Db, a)) : [];
    const c = third ? await run(tx, third(tx as unknown as Db, a, b)) : [];
    const d = fourth ? await run(tx, fourth(tx as unknown as Db, a, b, c)) : [];
    return [a, b, c, d] as [A[], B[], C[], D[]];
  });
}

function fail(message: string): never {
  throw new Error(message);
}

/** Closes the cached handle; tests use it between databases. */
export async function closeDb(): Promise<void> {
  const opened = globalForDb.phoneVerifyDb;
  globalForDb.phoneVerifyDb = undefined;
  if (opened?.dialect === "sqlite") opened.db.$client.close();
  if (opened?.dialect === "postgres") await opened.db.$client.end();
}
