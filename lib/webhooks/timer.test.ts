import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { now } from "@/lib/clock";
import { reloadEnv } from "@/lib/env";
import { printedWarnings } from "@/lib/testing/logs";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { startReceiver, type TestReceiver } from "@/lib/testing/webhook-receiver";
import { clearOutbox, enqueueWebhook, outboxRow, webhookSettings } from "@/lib/testing/webhooks";
import { onWebhookTick, runWebhookTick, scheduleWebhookDelivery } from "./timer";

// The per-process timer that sends webhooks due again, and the hooks it runs first.

let app: TestApp;
let receiver: TestReceiver;
const holder = globalThis as unknown as {
  phoneVerifyWebhookTimer?: NodeJS.Timeout;
  phoneVerifyWebhookHooks?: unknown;
};

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ ...webhookSettings(`${receiver.origin}/hook`) });
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});
beforeEach(async () => {
  await clearOutbox();
  receiver.requests.length = 0;
});
afterEach(() => {
  clearInterval(holder.phoneVerifyWebhookTimer);
  delete holder.phoneVerifyWebhookTimer;
  delete holder.phoneVerifyWebhookHooks;
  delete process.env.VERCEL;
  delete process.env.WEBHOOK_INTERVAL;
  reloadEnv();
  vi.restoreAllMocks();
});

test("on a server of its own: one timer every WEBHOOK_INTERVAL seconds, however often it is asked", () => {
  const setInterval = vi.spyOn(globalThis, "setInterval");
  scheduleWebhookDelivery();
  scheduleWebhookDelivery();
  expect(setInterval).toHaveBeenCalledTimes(1);
  expect(setInterval.mock.calls[0]![1]).toBe(10_000);
});

test.each([
  ["on Vercel (VERCEL set)", "VERCEL", "1"],
  ["WEBHOOK_INTERVAL=0", "WEBHOOK_INTERVAL", "0"],
])("%s: no timer at all", (_name, variable, value) => {
  process.env[variable] = value;
  reloadEnv();
  const setInterval = vi.spyOn(globalThis, "setInterval");
  scheduleWebhookDelivery();
  expect(setInterval).not.toHaveBeenCalled();
  expect(holder.phoneVerifyWebhookTimer).toBeUndefined();
});

test("the timer sends a webhook that is due, without anyone kicking it", async () => {
  process.env.WEBHOOK_INTERVAL = "1";
  reloadEnv();
  const row = await enqueueWebhook(now());
  scheduleWebhookDelivery();
  await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 5000 });
  await vi.waitFor(async () => expect((await outboxRow(row.id))?.deliveredAt).not.toBeNull());
});

test("a tick runs the hooks first: a webhook a hook writes goes out in the same tick", async () => {
  const warnings = printedWarnings();
  let written = "";
  onWebhookTick(async function failingSweep() {
    throw new Error("database hiccup");
  });
  onWebhookTick(async function expirySweep() {
    written = (await enqueueWebhook(now(), "app", "session.expired")).id;
  });
  expect(await runWebhookTick()).toEqual({ delivered: 1, retried: 0, gaveUp: 0 });
  expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([written]);
  expect(warnings()).toEqual([
    expect.objectContaining({
      level: "warn",
      message: "webhook tick hook failed",
      hook: "failingSweep",
      error: "Error: database hiccup",
    }),
  ]);
});

test("a hook registered again under its name replaces the earlier one", async () => {
  const calls: string[] = [];
  onWebhookTick(async function sweep() {
    calls.push("first");
  });
  onWebhookTick(async function sweep() {
    calls.push("second");
  });
  await runWebhookTick();
  expect(calls).toEqual(["second"]);
});
