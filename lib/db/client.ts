import "server-only";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const globalForDb = globalThis as unknown as { phoneVerifyDb?: { path: string; db: Db } };

/** Opens the database (creating the file and applying migrations the first time). */
export function getDb(): Db {
  const file = path.resolve(getEnv().DATABASE_PATH);
  // Cached on globalThis so that dev-mode reloads and separate route bundles share one handle.
  const cached = globalForDb.phoneVerifyDb;
  if (cached && cached.path === file) return cached.db;
  const db = openDb(file);
  globalForDb.phoneVerifyDb = { path: file, db };
  return db;
}

export function openDb(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // Wait for another writer instead of failing at once (security.md R43).
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle({ client: sqlite, schema, casing: "snake_case" }) as Db;
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

export function migrationsFolder(): string {
  return path.join(process.cwd(), "drizzle");
}

/** Closes the cached handle; tests use it between databases. */
export function closeDb(): void {
  globalForDb.phoneVerifyDb?.db.$client.close();
  globalForDb.phoneVerifyDb = undefined;
}
