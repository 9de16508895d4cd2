// Two stores behind one set of queries: SQLite by default, PostgreSQL when DATABASE_URL is set
// (several instances). Each table is defined for both (a test holds the twins to each other:
// lib/db/schema.test.ts); the queries are written once, typed against SQLite's table, and run
// on whichever twin this process uses. drizzle-kit reads the schema with DATABASE_URL unset.

const usePostgres = Boolean(process.env.DATABASE_URL);

/** The table of this process's database: `sqliteTable`, or its PostgreSQL twin. */
export function forDialect<T>(sqliteTable: T, postgresTable: unknown): T {
  return (usePostgres ? postgresTable : sqliteTable) as T;
}
