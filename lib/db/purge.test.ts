import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "./client";
import { purgeEnded } from "./purge";
import { insertVerification } from "./verifications";
import { sandboxWebhooks } from "@/lib/db/schema";
import { webhookOutbox } from "@/lib/db/schema/sessions";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const HOUR = 3600_000;

function row(
  id: string,
  status: "pending" | "approved" | "locked",
  ended: number,
  expiresAt: number,
) {
  return insertVerification({
    id,
    method: "sms",
    phone: "+12065550111",
    status,
    expiresAt,
    createdAt: ended - HOUR,
    updatedAt: ended,
  });
}

test("ended verifications older than the retention go; pending and recent ones stay", async () => {
  const at = Date.parse("2026-06-01T12:00:00Z");
  await row("old-approved", "approved", at - 25 * HOUR, at - 24 * HOUR);
  await row("old-locked", "locked", at - 30 * HOUR, at - 29 * HOUR);
  await row("recent-approved", "approved", at - HOUR, at);
  await row("old-expired-pending", "pending", at - 30 * HOUR, at - 26 * HOUR);
  await row("live-pending", "pending", at - 60_000, at + 540_000);
  const removed = await purgeEnded(at, 24 * HOUR);
  expect(removed.verifications).toBe(3);
  const left = getDb().$client.prepare("SELECT id FROM verifications ORDER BY id").all();
  expect(left).toEqual([{ id: "live-pending" }, { id: "recent-approved" }]);
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
      })
      .run();
  outbox("old-delivered", { deliveredAt: at - 25 * HOUR });
  outbox("old-given-up", { givenUpAt: at - 25 * HOUR });
  outbox("recent-delivered", { deliveredAt: at - HOUR });
  outbox("still-retrying", { attempts: 9 });
  const received = (id: string, receivedAt: number) =>
    getDb()
      .insert(sandboxWebhooks)
      .values({ id, type: "session.verified", payload: "{}", signatureValid: true, receivedAt })
      .run();
  received("old-received", at - 25 * HOUR);
  received("recent-received", at - HOUR);
  expect(await purgeEnded(at, 24 * HOUR)).toMatchObject({ webhooks: 2 });
  const ids = (table: string) =>
    getDb().$client.prepare(`SELECT id FROM ${table} ORDER BY id`).all();
  expect(ids("webhook_outbox")).toEqual([{ id: "recent-delivered" }, { id: "still-retrying" }]);
  expect(ids("sandbox_webhooks")).toEqual([{ id: "recent-received" }]);
});
