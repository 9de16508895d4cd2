import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { advanceClock, freezeClock, now, resetClock } from "@/lib/clock";
import { databaseDialect, getDb, rawRows } from "@/lib/db/client";
import { webhookOutbox } from "@/lib/db/schema";
import { deliverDue } from "@/lib/webhooks/outbox";
import { startTestApp, type TestApp } from "./app-server";
import { allAtOnce } from "./sandbox";
import { startReceiver, type TestReceiver } from "./webhook-receiver";
import { clearOutbox, enqueueWebhook, outboxRow, webhookSettings } from "./webhooks";

/**
 * The outbox's claim, on either database (lib/webhooks/lease.sqlite.test.ts
 * and lease.postgres.test.ts): however many deliveries run at once, a webhook is sent by
 * one of them. On PostgreSQL the concurrent calls run on separate connections.
 */
export function outboxLeaseContract(expectedDialect: "sqlite" | "postgres") {
  let app: TestApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    app = await startTestApp(webhookSettings(`${receiver.origin}/hook`));
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });
  beforeEach(async () => {
    // The pool's connections opened first, so that the calls below overlap in the database
    // instead of queueing one behind another on connection setup.
    if (expectedDialect === "postgres") {
      await allAtOnce(8, () => rawRows(sql`SELECT pg_sleep(0.05)`));
    }
    await clearOutbox();
    receiver.requests.length = 0;
    receiver.answer = () => ({ status: 204 });
    // Stopped, so that the times a delivery records can be compared; moved, not waited on.
    freezeClock(Date.now());
  });
  afterEach(() => resetClock());

  test(`runs on ${expectedDialect}`, () => {
    expect(databaseDialect()).toBe(expectedDialect);
  });

  test("two deliveries at once send one webhook once", async () => {
    const at = now();
    const row = await enqueueWebhook(at);
    const results = await allAtOnce(2, () => deliverDue());
    expect(results.map((result) => result.delivered).sort()).toEqual([0, 1]);
    expect(receiver.requests).toHaveLength(1);
    expect(await outboxRow(row.id)).toMatchObject({ attempts: 1, deliveredAt: at });
  });

  test("in 20 rounds of 6 deliveries at once over 3 webhooks, no webhook goes out twice", async () => {
    let sent = 0;
    for (let round = 0; round < 20; round += 1) {
      await clearOutbox();
      const at = now();
      for (let i = 0; i < 3; i += 1) await enqueueWebhook(at);
      const before = receiver.requests.length;
      await allAtOnce(6, () => deliverDue());
      expect(receiver.requests.length - before).toBe(3);
      sent += 3;
    }
    expect(new Set(receiver.requests.map((request) => request.headers["webhook-id"])).size).toBe(
      sent,
    );
  });

  test("of 45 webhooks and 6 deliveries at once, each webhook goes out exactly once", async () => {
    const at = now();
    for (let i = 0; i < 45; i += 1) await enqueueWebhook(at);
    const results = await allAtOnce(6, () => deliverDue());
    expect(results.reduce((sum, result) => sum + result.delivered, 0)).toBe(45);
    const ids = receiver.requests.map((request) => request.headers["webhook-id"]);
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    const rows = await getDb().select().from(webhookOutbox);
    expect(rows.every((row) => row.attempts === 1 && row.deliveredAt === at)).toBe(true);
  });

  test("while one delivery waits on a slow receiver, another leaves its webhook alone", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = async () => {
      await held;
      return { status: 204 };
    };
    const at = now();
    await enqueueWebhook(at);
    const slow = deliverDue();
    await expect.poll(() => receiver.requests.length).toBe(1);
    advanceClock(5000);
    expect(await deliverDue()).toEqual({ delivered: 0, retried: 0, gaveUp: 0 });
    release();
    expect(await slow).toEqual({ delivered: 1, retried: 0, gaveUp: 0 });
    expect(receiver.requests).toHaveLength(1);
  });

  test("a delivery that died holding its lease: the webhook goes out once the lease ran out", async () => {
    const at = now();
    const row = await enqueueWebhook(at);
    await getDb()
      .update(webhookOutbox)
      .set({ leaseUntil: at + 60_000 })
      .where(eq(webhookOutbox.id, row.id));
    advanceClock(59_000);
    expect(await deliverDue()).toMatchObject({ delivered: 0 });
    advanceClock(1000);
    expect(await deliverDue()).toMatchObject({ delivered: 1 });
    expect(receiver.requests).toHaveLength(1);
  });
}
