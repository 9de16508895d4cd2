// npm run db:migrate – applies the migrations of the configured database: drizzle/ to the
// SQLite file at DATABASE_PATH, or drizzle/pg/ to DATABASE_URL (PostgreSQL). The app also
// does this by itself at start; Heroku's release phase runs this. Plain JavaScript, so that
// it runs where devDependencies are pruned.
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migratePostgres } from "../lib/db/migrate-postgres.mjs";

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migratePostgres(client, path.resolve("drizzle/pg"));
    } finally {
      await client.end();
    }
    console.log("Migrations applied to the PostgreSQL database at DATABASE_URL");
    return;
  }
  const file = path.resolve(process.env.DATABASE_PATH || "data/app.db");
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  migrateSqlite(drizzleSqlite({ client: sqlite }), { migrationsFolder: path.resolve("drizzle") });
  sqlite.close();
  console.log(`Migrations applied to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
