import "server-only";
import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema-pg";

// Two stores behind one set of query functions (DESIGN.md §5): SQLite through better-sqlite3
// by default, PostgreSQL when DATABASE_URL=postgres://… (several instances). The queries in
// lib/db/ are written once with Drizzle's builder, which speaks both; they are typed against
// the SQLite schema, and lib/db/schema/index.ts hands them the PostgreSQL twins of each table
// when PostgreSQL is in use.

export type Db = BetterSQLite3Database<typeof sqliteSchema> & { $client: Database.Database };
type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

type Open =
  | { dialect: "sqlite"; key: string; db: Db }
  | { dialect: "postgres"; key: string; db: PgDb; migrated?: Promise<void> };

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
    ? { dialect: "postgres", key, db: openPostgres(env.DATABASE_URL) }
    : { dialect: "sqlite", key, db: openSqlite(key) };
  globalForDb.phoneVerifyDb = opened;
  return opened;
}

export function openSqlite(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // Wait for another writer instead of failing at once (security.md R43).
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzleSqlite({ client: sqlite, schema: sqliteSchema, casing: "snake_case" }) as Db;
  migrateSqlite(db, { migrationsFolder: migrationsFolder("sqlite") });
  return db;
}

function openPostgres(url: string): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (a restart) must not crash the process: the
  // pool forgets it and the next query opens a new one.
  pool.on("error", (error) => log.warn("database connection lost", { error: error.message }));
  return drizzlePg({ client: pool, schema: pgSchema, casing: "snake_case" }) as PgDb;
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

// Instances that start together (dynos, functions) would race to create the same tables:
// an advisory lock lets one migrate while the others wait, then find nothing left to do.
const MIGRATION_LOCK = 7_270_001;

async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client }), { migrationsFolder: migrationsFolder("postgres") });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export function migrationsFolder(dialect = databaseDialect()): string {
  return path.join(process.cwd(), "drizzle", ...(dialect === "postgres" ? ["pg"] : []));
}

/** Rows of a raw SQL query, on either database. */
export async function rawRows<T>(query: SQL): Promise<T[]> {
  const opened = open();
  if (opened.dialect === "sqlite") return opened.db.all<T>(query);
  return (await opened.db.execute(query)).rows as T[];
}

/**
 * Runs `work` in one transaction, its statements given as raw SQL. On SQLite each call of the
 * synchronous driver is already atomic and nothing interleaves, so it runs as is.
 */
export async function inTransaction<T>(
  work: (query: <R>(statement: SQL) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const opened = open();
  if (opened.dialect === "sqlite")
    return work((statement) => Promise.resolve(opened.db.all(statement)));
  return opened.db.transaction((tx) =>
    work(async (statement) => (await tx.execute(statement)).rows as never),
  );
}

/** Closes the cached handle; tests use it between databases. */
export async function closeDb(): Promise<void> {
  const opened = globalForDb.phoneVerifyDb;
  globalForDb.phoneVerifyDb = undefined;
  if (opened?.dialect === "sqlite") opened.db.$client.close();
  if (opened?.dialect === "postgres") await opened.db.$client.end();
}
