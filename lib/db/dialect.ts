// Two stores behind one set of queries: SQLite by default, PostgreSQL when DATABASE_URL is set
// (several instances). Each table is defined for both (a test holds the twins to each other:
// lib/db/schema.test.ts); the queries are written once, typed against SQLite's table, and run
// on whichever twin this process uses. drizzle-kit reads the schema with DATABASE_URL unset.

import { sql } from "drizzle-orm";

const usePostgres = Boolean(process.env.DATABASE_URL);

/** The table of this process's database: `sqliteTable`, or its PostgreSQL twin. */
export function forDialect<T>(sqliteTable: T, postgresTable: unknown): T {
  return (usePostgres ? postgresTable : sqliteTable) as T;
}

/** A number read from either database: PostgreSQL answers sums and bigints as strings. */
export const numberOrNull = (value: unknown): number | null =>
  value === null ? null : Number(value);

/** What a read made only of scalar subqueries selects from: one row, on either database. */
export const noTable = sql`(SELECT 1) AS one`;
