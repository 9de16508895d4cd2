// npm run db:migrate – applies the migrations in drizzle/ to DATABASE_PATH (the app also
// does this by itself at start).
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";

const file = path.resolve(process.env.DATABASE_PATH || "data/app.db");
mkdirSync(path.dirname(file), { recursive: true });
const sqlite = new Database(file);
sqlite.pragma("journal_mode = WAL");
migrate(drizzle({ client: sqlite }), { migrationsFolder: path.resolve("drizzle") });
sqlite.close();
console.log(`Migrations applied to ${file}`);
