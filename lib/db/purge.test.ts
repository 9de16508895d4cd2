import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { databaseDialect, getDb } from "./client";
import { purgeEnded } from "./purge";
import { insertVerification } from "./verifications";
import { insertSession } from "./sessions";
import {
  sandboxWebhooks,
  sessions,
  startLocks,
  verifications,
  webhookOutbox,
} from "@/lib/db/schema";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// Run on SQLite here, and on PostgreSQL by purge.postgres.test.ts.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const HOUR = 3600_000;

test(`runs on ${process.env.DATABASE_URL ? "postgres" : "sqlite"}`, () => {
  expect(databaseDialect()).toBe(process.env.DATABASE_URL ? "postgres" : "sqlite");
});

function row(
  id: string,
  status: "pending" | "approved" | "locked" | "failed",
  ended: number,
  expiresAt: number,
  sessionId: string | null = null,
) {
  return insertVerification({
    id,
    method: "sms",
    phone: "+12065550111",
    status,
    sessionId,
    expiresAt,
    createdAt: ended - HOUR,
    updatedAt: ended,
  });
}

const idsOf = async (table: typeof verifications | typeof sessions | typeof webhookOutbox) =>
  (await getDb().select({ id: table.id }).from(table).orderBy(asc(table.id))).map(
    (found) => found.id,
  );

test("ended verifications older than the retention go; pending and recent ones stay", async () => {
  const at = Date.parse("2026-06-01T12:00:00Z");
  await row("old-approved", "approved", at - 25 * HOUR, at - 24 * HOUR);
  await row("old-locked", "locked", at - 30 * HOUR, at - 29 * HOUR);
  await row("recent-approved", "approved", at - HOUR, at);
  await row("old-expired-pending", "pending", at - 30 * HOUR, at - 26 * HOUR);
  await row("live-pending", "pending", at - 60_000, at + 540_000);
  const removed = await purgeEnded(at, 24 * HOUR);
  expect(removed.verifications).toBe(3);
  expect(await idsOf(verifications)).toEqual(["live-pending", "recent-approved"]);
  await getDb().delete(verifications);
});

test("a start's lock stays as long as a start may wait on its provider; older ones go", async () => {
  const at = Date.parse("2026-06-01T12:00:00Z");
  // A start whose provider takes its longest (two calls of 60 s) still holds its lock.
  await getDb()
    .insert(startLocks)
    .values([
      { key: "slow-start", createdAt: at - 2 * 60_000 },
      { key: "abandoned", createdAt: at - 11 * 60_000 },
    ]);
  await purgeEnded(at, 24 * HOUR);
  const keys = (await getDb().select({ key: startLocks.key }).from(startLocks)).map((l) => l.key);
  expect(keys).toEqual(["slow-start"]);
  await getDb().delete(startLocks);
});

test("webhooks delivered or given up longer ago than the retention go; pending ones stay", async () => {
  const at = Date.parse("2026-06-02T12:00:00Z");
  const outbox = (id: string, ended: Partial<typeof webhookOutbox.$inferInsert>) =>
    getDb()
      .insert(webhookOutbox)
      .values({
        id,
        keyId: "app",
        type: "session.verified",
        payload: "{}",
        nextAttemptAt: at - 30 * HOUR,
        createdAt: at - 30 * HOUR,
        ...ended,
      });
  await outbox("old-delivered", { deliveredAt: at - 25 * HOUR });
  await outbox("old-given-up", { givenUpAt: at - 25 * HOUR });
  await outbox("recent-delivered", { deliveredAt: at - HOUR });
  await outbox("still-retrying", { attempts: 9 });
  const received = (id: string, receivedAt: number) =>
    getDb()
      .insert(sandboxWebhooks)
      .values({ id, type: "session.verified", payload: "{}", signatureValid: true, receivedAt });
  await received("old-received", at - 25 * HOUR);
  await received("recent-received", at - HOUR);
  expect(await purgeEnded(at, 24 * HOUR)).toMatchObject({ webhooks: 2 });
  expect(await idsOf(webhookOutbox)).toEqual(["recent-delivered", "still-retrying"]);
  expect(await idsOf(sandboxWebhooks as unknown as typeof webhookOutbox)).toEqual([
    "recent-received",
  ]);
  await getDb().delete(webhookOutbox);
});

type Ended = "verified" | "failed" | "expired" | "canceled" | "pending";

function session(id: string, status: Ended, times: { ended: number; expiresAt?: number }) {
  return insertSession({
    id,
    keyId: "app",
    status,
    statusReason: status === "verified" || status === "pending" ? null : "canceled",
    phone: "+12065550111",
    methods: '["sms"]',
    reference: "order-1",
    returnUrl: "https://app.example/back",
    verifiedPhone: status === "verified" ? "+12065550111" : null,
    method: status === "verified" ? "sms" : null,
    verifiedAt: status === "verified" ? times.ended : null,
    expiresAt: times.expiresAt ?? times.ended + HOUR,
    createdAt: times.ended - HOUR,
    updatedAt: times.ended,
  });
}

test("ended sessions go after the retention, with their attempts; pending and recent ones stay", async () => {
  const at = Date.parse("2026-06-03T12:00:00Z");
  await session("ses_old_verified", "verified", { ended: at - 25 * HOUR });
  await row("v-old-verified", "approved", at - 25 * HOUR, at - 24 * HOUR, "ses_old_verified");
  await session("ses_old_canceled", "canceled", { ended: at - 30 * HOUR });
  await row("v-old-canceled", "failed", at - 30 * HOUR, at - 29 * HOUR, "ses_old_canceled");
  await session("ses_old_unsettled", "pending", {
    ended: at - 30 * HOUR,
    expiresAt: at - 26 * HOUR,
  });
  await session("ses_recent_failed", "failed", { ended: at - HOUR });
  await row("v-recent-failed", "failed", at - HOUR, at, "ses_recent_failed");
  await session("ses_live", "pending", { ended: at - 60_000, expiresAt: at + 600_000 });
  // Verified long ago, its token handed out since (which updates the row): it still goes.
  await session("ses_old_verified_touched", "verified", { ended: at - 25 * HOUR });
  await getDb()
    .update(sessions)
    .set({ updatedAt: at - HOUR })
    .where(eq(sessions.id, "ses_old_verified_touched"));
  // Verified recently by an attempt that ended long ago: the attempt stays with its session.
  await session("ses_recent_verified", "verified", { ended: at - HOUR });
  await row("v-old-of-recent", "approved", at - 25 * HOUR, at - 24 * HOUR, "ses_recent_verified");

  const removed = await purgeEnded(at, 24 * HOUR);
  expect(removed).toMatchObject({ sessions: 4, verifications: 2 });
  expect(await idsOf(sessions)).toEqual(["ses_live", "ses_recent_failed", "ses_recent_verified"]);
  expect(await idsOf(verifications)).toEqual(["v-old-of-recent", "v-recent-failed"]);
  await getDb().delete(verifications);
  await getDb().delete(sessions);
});

test("a session whose webhook is still being delivered stays until it is delivered or given up", async () => {
  const at = Date.parse("2026-06-04T12:00:00Z");
  await session("ses_announced", "canceled", { ended: at - 30 * HOUR });
  await session("ses_announcing", "canceled", { ended: at - 30 * HOUR });
  await row("v-announcing", "failed", at - 30 * HOUR, at - 29 * HOUR, "ses_announcing");
  const webhook = (id: string, sessionId: string, ended: { deliveredAt?: number }) =>
    getDb()
      .insert(webhookOutbox)
      .values({
        id,
        keyId: "app",
        type: "session.canceled",
        payload: JSON.stringify({
          type: "session.canceled",
          timestamp: new Date(at - 30 * HOUR).toISOString(),
          data: { id: sessionId, status: "canceled" },
        }),
        attempts: 3,
        nextAttemptAt: at + 60_000,
        createdAt: at - 30 * HOUR,
        ...ended,
      });
  await webhook("msg_done", "ses_announced", { deliveredAt: at - 2 * HOUR });
  await webhook("msg_retrying", "ses_announcing", {});

  expect(await purgeEnded(at, 24 * HOUR)).toMatchObject({ sessions: 1, verifications: 0 });
  expect(await idsOf(sessions)).toEqual(["ses_announcing"]);
  expect(await idsOf(verifications)).toEqual(["v-announcing"]);

  await getDb()
    .update(webhookOutbox)
    .set({ givenUpAt: at })
    .where(eq(webhookOutbox.id, "msg_retrying"));
  expect(await purgeEnded(at, 24 * HOUR)).toMatchObject({ sessions: 1, verifications: 1 });
  expect(await idsOf(sessions)).toEqual([]);
  expect(await idsOf(verifications)).toEqual([]);
  await getDb().delete(webhookOutbox);
});
