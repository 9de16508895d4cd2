import { sql } from "drizzle-orm";
import { expect, test, vi } from "vitest";
import { advanceClock } from "@/lib/clock";
import pg from "pg";
import { databaseDialect, execute, getDb } from "@/lib/db/client";
import { findVerification } from "@/lib/db/verifications";
import { runPurge } from "@/lib/purge";
import { appPerTest } from "./app-server";
import { TestBrowser } from "./browser";
import { allAtOnce, inboxSize } from "./sandbox";
import { printedLogLines } from "./logs";

/**
 * What the storage itself answers for, on whichever database the suite runs
 * (storage.*.test.ts): /api/health's write probe, and a database that a newer version of the
 * app has migrated, which takes no write from this one however the write comes
 * (docs/security.md#failing-closed).
 */
export function storageContract() {
  const app = appPerTest();
  const withApp = app.start;

  async function health() {
    const response = await fetch(`${app.url}/api/health`);
    return { status: response.status, body: await response.json() };
  }

  /** A migration this code does not know, as a newer version of the app would leave it. */
  async function migrateAhead() {
    const ledger =
      databaseDialect() === "postgres"
        ? sql`drizzle.__drizzle_migrations`
        : sql`__drizzle_migrations`;
    await execute(
      sql`INSERT INTO ${ledger} (hash, created_at) VALUES ('from-the-future', ${Date.now() + 86_400_000})`,
    );
    advanceClock(31_000); // the ledger is read again at most every 30 s
  }

  /**
   * The database turned read-only (a replica promoted the wrong way, an operator's switch):
   * SQLite's query_only; PostgreSQL's default for new transactions, with the app's connections
   * ended so that its pool opens new ones under it.
   */
  async function setReadOnly(on: boolean) {
    if (databaseDialect() === "sqlite") {
      getDb().$client.pragma(`query_only = ${on ? "ON" : "OFF"}`);
      return;
    }
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      // This session is not bound by the database's default it changes.
      await admin.query("SET default_transaction_read_only = off");
      const { rows } = await admin.query<{ name: string }>("SELECT current_database() AS name");
      const name = rows[0]!.name;
      await admin.query(
        on
          ? `ALTER DATABASE "${name}" SET default_transaction_read_only = on`
          : `ALTER DATABASE "${name}" RESET default_transaction_read_only`,
      );
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
    } finally {
      await admin.end();
    }
    // The pool hears of its ended connections when their sockets close: wait (bounded) until it
    // has dropped them all, then see a new connection run under the database's new default.
    const pool = getDb().$client as unknown as pg.Pool;
    await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 5000, interval: 20 });
    const { rows } = await pool.query<{ default_transaction_read_only: string }>(
      "SHOW default_transaction_read_only",
    );
    expect(rows[0]!.default_transaction_read_only).toBe(on ? "on" : "off");
  }

  async function expectOutage(response: Response) {
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).error.code).toBe("service_unavailable");
  }

  test("health checks at once all find the database writable", async () => {
    await withApp();
    const answers = await allAtOnce(20, () => health());
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(answers.map((answer) => answer.body.database)).toEqual(Array(20).fill("ok"));
  });

  test("a probe row left behind (a crash between its write and its removal) fails no later check", async () => {
    await withApp();
    await execute(
      sql`INSERT INTO rate_limit_counts (bucket, key, slot, events, last_at) VALUES ('health', 'probe', 0, 0, 0)`,
    );
    expect(await health()).toMatchObject({ status: 200, body: { database: "ok" } });
    expect(await health()).toMatchObject({ status: 200, body: { database: "ok" } });
  });

  test("a read-only database: a start answers 503 and sends nothing; health says so, then recovers", async () => {
    await withApp();
    await setReadOnly(true);
    try {
      const phone = "+12065559102";
      await expectOutage(
        await new TestBrowser(app.url).fetch("/api/verifications", {
          json: { method: "sms", phone },
        }),
      );
      expect(await inboxSize(app.url, phone)).toBe(0);
      expect(await health()).toMatchObject({ status: 503, body: { database: "not writable" } });
    } finally {
      await setReadOnly(false);
    }
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, database: "ok" } });
  });

  test("ahead of the code: a start answers 503 and sends nothing; health says why", async () => {
    await withApp();
    await migrateAhead();
    const phone = "+12065559103";
    await expectOutage(
      await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone },
      }),
    );
    expect(await inboxSize(app.url, phone)).toBe(0);
    // The database itself still takes writes: it is this code that must not.
    expect(await health()).toMatchObject({
      status: 503,
      body: { database: "ok", migrations: { ahead: true, current: false } },
    });
  });

  test("ahead of the code: reading an overdue verification writes nothing and answers 503", async () => {
    await withApp();
    const browser = new TestBrowser(app.url);
    const started = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+12065559104" },
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()).verification;
    const before = await findVerification(id);
    await migrateAhead();
    advanceClock(11 * 60_000); // past the code's expiry: reading it would mark it expired
    await expectOutage(await browser.fetch(`/api/verifications/${id}`));
    expect(await findVerification(id)).toEqual(before);
  });

  test("ahead of the code: the purge deletes nothing, on its timer and on the cron route", async () => {
    const secret = "cron-secret-cron-secret-0123456789";
    await withApp({ PURGE_AFTER: "60", CRON_SECRET: secret });
    const browser = new TestBrowser(app.url);
    const started = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+12065559105" },
    });
    const { id } = (await started.json()).verification;
    await migrateAhead();
    advanceClock(3600_000); // long over: a purge would delete it
    const problems = printedLogLines();
    await runPurge();
    // Skipped quietly: not a failure to warn about at every run.
    expect(problems()).toEqual([]);
    const cron = await fetch(`${app.url}/api/cron/purge`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    await expectOutage(cron);
    expect(await findVerification(id)).toMatchObject({ id, status: "pending" });
  });
}
