import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { advanceClock, freezeClock, now, resetClock } from "@/lib/clock";
import { closeDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { printedWarnings } from "@/lib/testing/logs";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { startReceiver, type Answer, type TestReceiver } from "@/lib/testing/webhook-receiver";
import {
  clearOutbox,
  enqueueWebhook,
  outboxRow,
  WEBHOOK_SECRET,
  webhookSettings,
} from "@/lib/testing/webhooks";
import { deliverDue, kickDelivery, webhookRow } from "./outbox";

// Delivery from the outbox to an app's endpoint: a real HTTP server on 127.0.0.1 stands for
// the app, the database is a fresh SQLite file, and the clock is moved instead of waited on.

const HOUR = 3600_000;
let app: TestApp;
let receiver: TestReceiver;
let elsewhere: TestReceiver;
let settings: Record<string, string>;

beforeAll(async () => {
  receiver = await startReceiver();
  elsewhere = await startReceiver();
  settings = webhookSettings(`${receiver.origin}/hook`);
  app = await startTestApp(settings);
});
afterAll(async () => {
  await app.close();
  await receiver.close();
  await elsewhere.close();
});
beforeEach(async () => {
  await clearOutbox();
  receiver.requests.length = 0;
  elsewhere.requests.length = 0;
  receiver.answer = () => ({ status: 204 });
  freezeClock(Date.now());
});
afterEach(() => {
  for (const name of [
    "WEBHOOK_URL_sandbox",
    "WEBHOOK_SECRET_sandbox",
    "WEBHOOK_URL_local",
    "WEBHOOK_URL_shop",
    "WEBHOOK_SECRET_shop",
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, settings);
  reloadEnv();
  resetClock();
  vi.restoreAllMocks();
});

/** Answers in turn, then 204. */
function answers(...list: Answer[]) {
  receiver.answer = () => list.shift() ?? { status: 204 };
}

const none = { delivered: 0, retried: 0, gaveUp: 0 };

test("a webhook is delivered once on a 2xx, signed so that the standardwebhooks package verifies it", async () => {
  const row = await enqueueWebhook(now());
  expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
  expect(await deliverDue()).toEqual(none);
  expect(receiver.requests).toHaveLength(1);
  const [request] = receiver.requests;
  expect(request?.path).toBe("/hook");
  expect(request?.headers).toMatchObject({
    "content-type": "application/json",
    "user-agent": "phone-verify-webhooks",
    "webhook-id": row.id,
  });
  expect(row.id).toMatch(/^msg_/);
  const verified = new Webhook(WEBHOOK_SECRET).verify(request!.body, request!.headers);
  expect(verified).toEqual({
    type: "session.verified",
    timestamp: new Date(now()).toISOString(),
    data: { id: `ses_${now()}`, status: "verified" },
  });
  expect(await outboxRow(row.id)).toMatchObject({ deliveredAt: now(), attempts: 1 });
});

test("a key without a webhook gets no outbox row, whatever other keys have", async () => {
  delete process.env.WEBHOOK_URL;
  // Another key's own webhook: a setting that names its key, not a stray one.
  process.env.API_KEYS = `app:${"s".repeat(32)},shop:${"h".repeat(32)}`;
  process.env.WEBHOOK_URL_shop = `${receiver.origin}/hook`;
  process.env.WEBHOOK_SECRET_shop = settings.WEBHOOK_SECRET!;
  reloadEnv();
  expect(webhookRow("shop", "session.failed", {}, now())).toBeDefined();
  expect(webhookRow("app", "session.failed", {}, now())).toBeUndefined();
  expect(webhookRow("no-such-key", "session.failed", {}, now())).toBeUndefined();
  // The sandbox's own key has its own receiver.
  expect(webhookRow("sandbox", "session.failed", {}, now())).toBeDefined();
});

test("a misspelt WEBHOOK_URL_<id>: the key's webhook is written all the same, and goes out once it is fixed", async () => {
  delete process.env.WEBHOOK_URL;
  process.env.WEBHOOK_URL_local = `${receiver.origin}/hook`; // meant for the key "app"
  reloadEnv();
  const row = await enqueueWebhook(now());
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  expect((await outboxRow(row.id))?.lastError).toBe(
    'the API key "app" has no webhook URL any more',
  );
  Object.assign(process.env, settings);
  reloadEnv();
  advanceClock(10_000);
  expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
  expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([row.id]);
});

test("a 500, then a redirect (not followed), then delivered after the backoff, under one webhook-id", async () => {
  answers(
    { status: 500 },
    { status: 302, headers: { Location: `${elsewhere.origin}/stolen` } },
    { status: 200 },
  );
  const row = await enqueueWebhook(now());
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  expect(await outboxRow(row.id)).toMatchObject({ attempts: 1, lastError: "HTTP 500" });
  // 5 s give or take a fifth: not yet after 3 s, surely after 6.
  advanceClock(3000);
  expect(await deliverDue()).toEqual(none);
  advanceClock(3000);
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  expect(elsewhere.requests).toHaveLength(0);
  expect(await outboxRow(row.id)).toMatchObject({
    attempts: 2,
    lastError: "redirect (HTTP 302), not followed",
  });
  // 10 s give or take a fifth.
  advanceClock(7000);
  expect(await deliverDue()).toEqual(none);
  advanceClock(5000);
  expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
  expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([
    row.id,
    row.id,
    row.id,
  ]);
  expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
  expect(await outboxRow(row.id)).toMatchObject({ attempts: 3, deliveredAt: now() });
});

test("a restart mid-retry: the outbox alone carries the webhook to its delivery", async () => {
  answers({ status: 503 });
  const row = await enqueueWebhook(now());
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  // Nothing of this process survives but the database file.
  await closeDb();
  delete (globalThis as { phoneVerifyWebhookRun?: unknown }).phoneVerifyWebhookRun;
  vi.resetModules();
  const restarted = await import("./outbox");
  // The new process's clock, a minute on.
  const restartedClock = await import("@/lib/clock");
  restartedClock.freezeClock(now() + 60_000);
  expect(await restarted.deliverDue()).toEqual({ ...none, delivered: 1 });
  expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([
    row.id,
    row.id,
  ]);
  expect(await outboxRow(row.id)).toMatchObject({
    attempts: 2,
    deliveredAt: restartedClock.now(),
  });
  restartedClock.resetClock();
});

test("after a day of failures the webhook is given up, with a warning, and never sent again", async () => {
  receiver.answer = () => ({ status: 500 });
  const warnings = printedWarnings();
  const row = await enqueueWebhook(now());
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  // The first failure is said at once, so an operator need not wait a day to learn of it.
  expect(warnings()).toEqual([
    expect.objectContaining({
      level: "warn",
      message: "webhook not delivered, will retry",
      id: row.id,
      keyId: "app",
      attempts: 1,
      lastError: "HTTP 500",
    }),
  ]);
  advanceClock(24 * HOUR - 1000);
  expect(await deliverDue()).toEqual({ ...none, retried: 1 });
  // The retries after it only at the info level.
  expect(warnings()).toHaveLength(1);
  advanceClock(2 * HOUR);
  expect(await deliverDue()).toEqual({ ...none, gaveUp: 1 });
  expect(await outboxRow(row.id)).toMatchObject({
    attempts: 3,
    givenUpAt: now(),
    deliveredAt: null,
    lastError: "HTTP 500",
  });
  expect(warnings().slice(1)).toEqual([
    expect.objectContaining({
      level: "warn",
      message: "webhook given up",
      id: row.id,
      keyId: "app",
      lastError: "HTTP 500",
    }),
  ]);
  advanceClock(2 * HOUR);
  expect(await deliverDue()).toEqual(none);
  expect(receiver.requests).toHaveLength(3);
});

describe("a key's webhook setting gone (a typo, a rolling deploy)", () => {
  test.each([
    [
      "the key removed",
      () => (process.env.API_KEYS = `other:${"o".repeat(32)}`),
      "is no longer configured",
    ],
    [
      "its webhook URL removed",
      () => delete process.env.WEBHOOK_URL,
      "has no webhook URL any more",
    ],
  ])(
    "%s: its webhooks wait, unsent, and go out once the setting is back",
    async (_, remove, why) => {
      const row = await enqueueWebhook(now());
      remove();
      reloadEnv();
      expect(await deliverDue()).toEqual({ ...none, retried: 1 });
      expect(receiver.requests).toHaveLength(0);
      const waiting = await outboxRow(row.id);
      expect(waiting).toMatchObject({ givenUpAt: null, deliveredAt: null, attempts: 1 });
      expect(waiting?.lastError).toBe(`the API key "app" ${why}`);
      expect(waiting!.nextAttemptAt).toBeGreaterThan(now());
      Object.assign(process.env, settings);
      reloadEnv();
      advanceClock(10_000);
      expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
      expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([row.id]);
    },
  );

  test("still gone after a day: given up then, like any other failure", async () => {
    const row = await enqueueWebhook(now());
    delete process.env.WEBHOOK_URL;
    reloadEnv();
    expect(await deliverDue()).toEqual({ ...none, retried: 1 });
    advanceClock(25 * HOUR);
    expect(await deliverDue()).toEqual({ ...none, gaveUp: 1 });
    expect(await outboxRow(row.id)).toMatchObject({
      givenUpAt: now(),
      lastError: 'the API key "app" has no webhook URL any more',
    });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe("times are read when they happen, not when the run began", () => {
  test("a retry is due a backoff after the attempt ended, however long it took", async () => {
    receiver.answer = () => {
      advanceClock(10 * 60_000); // the receiver took ten minutes to fail
      return { status: 500 };
    };
    const row = await enqueueWebhook(now());
    expect(await deliverDue()).toEqual({ ...none, retried: 1 });
    const retried = await outboxRow(row.id);
    // 5 s give or take a fifth, from the end of the attempt.
    expect(retried!.nextAttemptAt).toBeGreaterThanOrEqual(now() + 4000);
    expect(await deliverDue()).toEqual(none);
    expect(receiver.requests).toHaveLength(1);
  });

  test("a delivery is recorded when it happened", async () => {
    receiver.answer = () => {
      advanceClock(30_000);
      return { status: 204 };
    };
    const row = await enqueueWebhook(now());
    expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
    expect((await outboxRow(row.id))?.deliveredAt).toBe(now());
  });

  test("a later batch's lease runs from its own claim: a delivery meanwhile does not send it twice", async () => {
    const rows = [];
    for (let i = 0; i < 21; i += 1) rows.push(await enqueueWebhook(now()));
    const last = rows.at(-1)!;
    let meanwhile: Promise<unknown> | undefined;
    receiver.answer = async (request) => {
      // The first batch of 20 takes two minutes, longer than a lease.
      if (receiver.requests.length === 1) advanceClock(2 * 60_000);
      // While the second batch sends the last webhook, another instance delivers too.
      if (request.headers["webhook-id"] === last.id && !meanwhile) {
        meanwhile = deliverDue();
        await meanwhile;
      }
      return { status: 204 };
    };
    expect(await deliverDue()).toEqual({ ...none, delivered: 21 });
    expect(await meanwhile).toEqual(none);
    const ids = receiver.requests.map((request) => request.headers["webhook-id"]);
    expect(ids).toHaveLength(21);
    expect(new Set(ids).size).toBe(21);
  });
});

describe("the address guard", () => {
  test.each(["127.0.0.1", "localhost"])(
    "a URL on %s is refused without WEBHOOK_ALLOW_PRIVATE: no request leaves, the attempt is retried",
    async (host) => {
      process.env.WEBHOOK_URL = `http://${host}:${new URL(receiver.origin).port}/hook`;
      process.env.WEBHOOK_ALLOW_PRIVATE = "0";
      reloadEnv();
      const row = await enqueueWebhook(now());
      expect(await deliverDue()).toEqual({ ...none, retried: 1 });
      expect(receiver.requests).toHaveLength(0);
      expect((await outboxRow(row.id))?.lastError).toMatch(
        /^refused: .* resolves to (127\.0\.0\.1|::1), not a public address/,
      );
    },
  );

  test("the settings fixed (WEBHOOK_ALLOW_PRIVATE=1): the next attempt delivers it", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = "0";
    reloadEnv();
    const row = await enqueueWebhook(now());
    await deliverDue();
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    reloadEnv();
    advanceClock(10_000);
    expect(await deliverDue()).toEqual({ ...none, delivered: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(await outboxRow(row.id)).toMatchObject({ attempts: 2, lastError: null });
  });

  test("the sandbox key may reach its own receiver only, not another private URL", async () => {
    process.env.API_KEYS = `app:${"s".repeat(32)},sandbox:${"x".repeat(32)}`;
    process.env.WEBHOOK_URL_sandbox = `${receiver.origin}/hook`;
    process.env.WEBHOOK_ALLOW_PRIVATE = "0";
    reloadEnv();
    const row = await enqueueWebhook(now(), "sandbox");
    expect(await deliverDue()).toEqual({ ...none, retried: 1 });
    expect(receiver.requests).toHaveLength(0);
    expect((await outboxRow(row.id))?.lastError).toMatch(/not a public address/);
  });
});

describe("kickDelivery", () => {
  const holder = globalThis as { phoneVerifyWebhookRun?: unknown };

  test("sends in the background; a kick during a run makes it run again for the new rows", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = async () => {
      await held;
      return { status: 204 };
    };
    const first = await enqueueWebhook(now());
    kickDelivery();
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    // Written while the first run is busy with the first row: only a second run sends it.
    const second = await enqueueWebhook(now());
    kickDelivery();
    kickDelivery();
    release();
    await vi.waitFor(() => expect(holder.phoneVerifyWebhookRun).toBeUndefined());
    expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([
      first.id,
      second.id,
    ]);
    expect((await outboxRow(second.id))?.deliveredAt).not.toBeNull();
  });

  test("never throws to its caller, even with the database gone", async () => {
    const warnings = printedWarnings();
    await closeDb();
    process.env.DATABASE_PATH = "/dev/null/impossible/app.db";
    reloadEnv();
    expect(() => kickDelivery()).not.toThrow();
    await vi.waitFor(() => expect(holder.phoneVerifyWebhookRun).toBeUndefined());
    expect(warnings()).toContainEqual(
      expect.objectContaining({ level: "warn", message: "webhook delivery failed" }),
    );
    process.env.DATABASE_PATH = `${app.dir}/app.db`;
  });
});
