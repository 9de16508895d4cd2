// Applies drizzle/pg/'s migrations to PostgreSQL, for the app at start (lib/db/client.ts) and
// for `npm run db:migrate` (scripts/migrate.mjs, which must run without devDependencies: hence
// plain JavaScript). What Drizzle's own migrator does, with one difference: everything runs in
// one transaction that first takes a transaction-level advisory lock.
//
// Instances that start together would otherwise race to create the same tables: the lock lets
// one migrate while the others wait, then find nothing left to do. It used to be a session-level
// lock, which a pooled connection string breaks: behind PgBouncer in transaction mode (Neon's
// `-pooler` host, Supabase's port 6543, Heroku's PgBouncer) each statement outside a transaction
// may run on another server connection, so the lock was taken on one and released on another
// (or, by `npm run db:migrate`, left to a connection the pooler never closes), and the next
// deploy's migration waited for it forever. A transaction stays on one server connection, and
// its lock ends with it. The ledger is Drizzle's (drizzle.__drizzle_migrations), so a database
// migrated by either keeps working with the other.
import { readMigrationFiles } from "drizzle-orm/migrator";

export const MIGRATION_LOCK = 7_270_001;

/**
 * @param {{ query(text: string, values?: unknown[]): Promise<{ rows: any[] }> }} client a
 *   connection of its own (a pg.Client, or a client checked out of a pool)
 * @param {string} migrationsFolder drizzle/pg
 */
export async function migratePostgres(client, migrationsFolder) {
  const migrations = readMigrationFiles({ migrationsFolder });
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE SCHEMA IF NOT EXISTS drizzle");
    await client.query(
      "CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)",
    );
    const { rows } = await client.query(
      "SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1",
    );
    const last = rows.length > 0 ? Number(rows[0].created_at) : undefined;
    for (const migration of migrations) {
      if (last !== undefined && migration.folderMillis <= last) continue;
      for (const statement of migration.sql) await client.query(statement);
      await client.query(
        'INSERT INTO drizzle.__drizzle_migrations ("hash", "created_at") VALUES ($1, $2)',
        [migration.hash, migration.folderMillis],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
