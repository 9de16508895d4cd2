import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  // The shared tables, and each emulator's own.
  schema: [
    "./lib/db/schema/core.ts",
    "./lib/db/schema/sessions.ts",
    "./lib/db/schema/sandbox.ts",
    "./lib/methods/*/tables.ts",
    "./lib/methods/*/emulator/tables.ts",
  ],
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_PATH ?? "data/app.db" },
  casing: "snake_case",
});
