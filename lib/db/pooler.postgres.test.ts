import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeDb, ensureMigrated } from "@/lib/db/client";
import { MIGRATION_LOCK } from "@/lib/db/migrate-postgres.mjs";
import { startTestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { startTestPgBouncer, type TestPgBouncer } from "@/lib/testing/pgbouncer";
import { freshDatabase } from "@/lib/testing/postgres";
import { latestCode } from "@/lib/testing/sandbox";

// A pooled connection string (Neon's `-pooler` host, Supabase's port 6543, Heroku's PgBouncer)
// reaches PostgreSQL through PgBouncer in transaction mode, where a client's statements outside
// a transaction may each run on another server connection. The migration lock used to be a
// session-level advisory lock: taken on one server connection, released (or, by
// `npm run db:migrate`, left to the end of its connection) on another, it stayed held by a
// pooled connection that never ends, and the next deploy's migration waited for it forever.

const run = promisify(execFile);
const direct = process.env.PV_TEST_POSTGRES_URL!;
let bouncer: TestPgBouncer;

const journalLength = () =>
  (
    JSON.parse(readFileSync(path.resolve("drizzle/pg/meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    }
  ).entries.length;

/** Rejects when `work` has not settled after `seconds`: a wait that never ends fails the test. */
function within<T>(seconds: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: still waiting after ${seconds} s`)),
      seconds * 1000,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function migrateScript(databaseUrl: string) {
  return run("node", ["scripts/migrate.mjs"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 30_000,
  });
}

/** Asked of the server directly: the migration locks held in `url`'s database, and its ledger. */
async function locksAndLedger(url: string): Promise<{ locks: number; ledger: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const locks = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.objid = $1 AND d.datname = current_database()`,
      [MIGRATION_LOCK],
    );
    const ledger = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
    );
    return { locks: locks.rows[0]!.n, ledger: ledger.rows[0]!.n };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  bouncer = await startTestPgBouncer(direct);
});
afterAll(() => bouncer?.stop());

test("npm run db:migrate through a transaction pooler leaves no lock held: the next run does not wait", async () => {
  const database = await freshDatabase(direct);
  const pooled = await bouncer.through(database);
  await within(20, "the first migration", migrateScript(pooled));
  expect(await locksAndLedger(database)).toEqual({ locks: 0, ledger: journalLength() });
  await within(20, "the next deploy's migration", migrateScript(pooled));
  expect(await locksAndLedger(database)).toEqual({ locks: 0, ledger: journalLength() });
}, 60_000);

test("instances that start together behind the pooler: each migration applied once, no lock left", async () => {
  const database = await freshDatabase(direct);
  const pooled = await bouncer.through(database);
  await within(
    30,
    "three migrations at once",
    Promise.all([1, 2, 3].map(() => migrateScript(pooled))),
  );
  expect(await locksAndLedger(database)).toEqual({ locks: 0, ledger: journalLength() });
}, 60_000);

test("the app behind the pooler: its own migration at start, a verification by SMS, and restarts", async () => {
  // The test app makes a database of its own on the server DATABASE_URL names: here through the pooler.
  const app = await startTestApp({ DATABASE_URL: await bouncer.through(direct) });
  const database = new URL(process.env.DATABASE_URL!);
  database.port = new URL(direct).port;
  try {
    const browser = new TestBrowser(app.url);
    const phone = "+12065550142";
    const started = await browser.fetch("/api/verifications", { json: { phone, method: "sms" } });
    expect(started.status, await started.clone().text()).toBe(201);
    const { verification } = (await started.json()) as { verification: { id: string } };
    const code = await latestCode(app.url, phone);
    const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
      json: { code },
    });
    expect(checked.status, await checked.clone().text()).toBe(200);
    expect(await checked.json()).toMatchObject({ verification: { status: "approved" } });
    // Two more instances of the app on this database, one after the other, each migrating at
    // start (and finding nothing to do), with every server connection of its pool open.
    await bouncer.through(process.env.DATABASE_URL!);
    for (const instance of ["a second", "a third"]) {
      await closeDb();
      await within(20, `${instance} instance's migration`, ensureMigrated());
    }
    expect(await locksAndLedger(database.toString())).toEqual({
      locks: 0,
      ledger: journalLength(),
    });
  } finally {
    await app.close();
  }
}, 60_000);
