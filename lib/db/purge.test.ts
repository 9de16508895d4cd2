import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "./client";
import { purgeEnded } from "./purge";
import { insertVerification } from "./verifications";
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
