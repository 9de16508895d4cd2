// Types of ./migrate-postgres.mjs (plain JavaScript, so that `npm run db:migrate` runs it too).

export const MIGRATION_LOCK: number;

export function migratePostgres(
  client: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> },
  migrationsFolder: string,
): Promise<void>;
