import { defineConfig } from "drizzle-kit";

// The PostgreSQL migrations (DATABASE_URL=postgres://…); drizzle.config.ts has SQLite's.
export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./lib/db/schema-pg/core.ts",
    "./lib/db/schema-pg/sessions.ts",
    "./lib/db/schema-pg/sandbox.ts",
    "./lib/methods/*/tables.pg.ts",
    "./lib/methods/*/emulator/tables.pg.ts",
  ],
  out: "./drizzle/pg",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/phone_verify" },
  casing: "snake_case",
});
