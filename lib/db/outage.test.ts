import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { resetClock } from "@/lib/clock";
import { execute, getDb } from "@/lib/db/client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { inboxSize } from "@/lib/testing/sandbox";

// Storage that cannot take a write is an outage, not a bug: 503 with Retry-After, reported by
// /api/health, nothing half-done (docs/security.md#failing-closed). SQLite lets a test make
// its own database full (max_page_count) or read-only (query_only).

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
afterEach(() => {
  resetClock();
  getDb().$client.pragma("query_only = OFF");
  getDb().$client.pragma("max_page_count = 1073741823");
});

async function expectOutage(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await response.json()).error.code).toBe("service_unavailable");
}

async function health() {
  const response = await fetch(`${app.url}/api/health`);
  return { status: response.status, body: await response.json() };
}

describe("a database that cannot take writes", () => {
  test("full disk: a start answers 503 and sends nothing; health says so", async () => {
    const pages = getDb().$client.pragma("page_count", { simple: true }) as number;
    getDb().$client.pragma(`max_page_count = ${pages}`);
    // Fill what room is left in the pages a start writes to, until SQLite says it is full.
    let full = false;
    const fill = async (row: (i: number) => ReturnType<typeof sql>) => {
      for (let i = 0, room = true; i < 5000 && room; i += 1) {
        room = await execute(row(i)).then(
          () => true,
          (error: { code?: string; cause?: { code?: string } }) => {
            full ||= (error.code ?? error.cause?.code) === "SQLITE_FULL";
            return false;
          },
        );
      }
    };
    await fill((i) => sql`INSERT INTO start_locks (key, created_at) VALUES (${`filler-${i}`}, 0)`);
    await fill(
      (i) =>
        sql`INSERT INTO rate_limit_counts (bucket, key, slot, events, last_at) VALUES ('filler', ${`k${i}`}, 0, 1, 0)`,
    );
    expect(full).toBe(true);
    const phone = "+12065559101";
    await expectOutage(
      await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone },
      }),
    );
    expect(await inboxSize(app.url, phone)).toBe(0);
    expect(await health()).toMatchObject({ status: 503, body: { database: "not writable" } });
  });

  test("read-only: 503, and health says so; writable again, all is well", async () => {
    getDb().$client.pragma("query_only = ON");
    await expectOutage(
      await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone: "+12065559102" },
      }),
    );
    expect(await health()).toMatchObject({ status: 503, body: { database: "not writable" } });
    getDb().$client.pragma("query_only = OFF");
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, database: "ok" } });
  });
});

// A database migrated by a newer version of the app: lib/testing/storage-contract.ts, on both
// databases.
