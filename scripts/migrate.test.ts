import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, onTestFinished, test } from "vitest";

// `npm run db:migrate` (Heroku's release phase) applies the right dialect's migrations.
const run = promisify(execFile);
const journal = (folder: string) =>
  import(path.resolve(folder, "meta/_journal.json"), { with: { type: "json" } }).then(
    (module: { default: { entries: unknown[] } }) => module.default.entries.length,
  );

test("on SQLite: creates the file and applies drizzle/", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pv-migrate-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "app.db");
  const { stdout } = await run("node", ["scripts/migrate.mjs"], {
    env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: file },
  });
  expect(stdout).toContain(file);
  const db = new Database(file);
  const applied = db.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as {
    n: number;
  };
  expect(applied.n).toBe(await journal("drizzle"));
  expect(db.prepare("SELECT count(*) AS n FROM verifications").get()).toEqual({ n: 0 });
  db.close();
});

test("on PostgreSQL: applies drizzle/pg/, and a second run changes nothing", async () => {
  const base = process.env.PV_TEST_POSTGRES_URL!;
  const name = `pv_migrate_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const env = { ...process.env, DATABASE_URL: url.toString() };
  await run("node", ["scripts/migrate.mjs"], { env });
  await run("node", ["scripts/migrate.mjs"], { env });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
  );
  expect(rows[0].n).toBe(await journal("drizzle/pg"));
  const tables = await client.query("SELECT to_regclass('public.verifications') AS t");
  expect(tables.rows[0].t).toBe("verifications");
  await client.end();
});
