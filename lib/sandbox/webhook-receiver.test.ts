import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { getDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { sandboxKey } from "@/lib/api-keys";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { deliverDue, webhookRow } from "@/lib/webhooks/outbox";
import { sessions, webhookOutbox } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import { signWebhook } from "@/lib/webhooks/sign";
import { sandboxWebhooks } from "@/lib/db/schema";

// The sandbox app's webhook endpoint, over HTTP as our delivery (or anyone) reaches it.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  // No WEBHOOK_ALLOW_PRIVATE: the sandbox's own receiver is allowed without it.
  app = await startTestApp();
});
afterAll(() => app.close());
beforeEach(() => getDb().delete(sandboxWebhooks).run());
afterEach(() => {
  resetClock();
  process.env.SANDBOX = "1";
  reloadEnv();
});

// The browser that opened the sessions (the page lists only its own sessions' webhooks).
const OWNER = "owner-binding-secret-0123456789abcdef";
const STRANGER = "stranger-binding-secret-0123456789ab";
const opened = new Set<string>();

function signed(type = "session.verified", sessionId = `ses_${(counter += 1)}`) {
  opened.add(sessionId);
  const id = `msg_test_${counter}_${type}`;
  const body = JSON.stringify({
    type,
    timestamp: new Date().toISOString(),
    data: { id: sessionId },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(sandboxKey()!.webhook!.secret, id, timestamp, body),
  };
  return { id, sessionId, body, headers };
}

function post(message: { body: string; headers: Record<string, string> }) {
  return fetch(`${app.url}/api/sandbox/webhooks`, {
    method: "POST",
    headers: message.headers,
    body: message.body,
  });
}

async function listed(query = "", binding = OWNER) {
  for (const id of opened) {
    await getDb()
      .insert(sessions)
      .values({
        id,
        keyId: "sandbox",
        methods: '["sms"]',
        returnUrl: `${app.url}/sandbox/app/return`,
        bindingHash: sha256(OWNER),
        expiresAt: 1,
        createdAt: 1,
        updatedAt: 1,
      })
      .onConflictDoNothing();
  }
  const response = await fetch(`${app.url}/api/sandbox/webhooks${query}`, {
    headers: { cookie: `pv_binding=${binding}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { webhooks: Record<string, unknown>[] }).webhooks;
}

test("the outbox delivers a sandbox session's webhook to it, and the page lists it", async () => {
  const row = webhookRow(
    "sandbox",
    "session.canceled",
    { id: "ses_sandbox", status: "canceled" },
    1,
  );
  opened.add("ses_sandbox");
  await getDb().insert(webhookOutbox).values(row!);
  expect(await deliverDue()).toMatchObject({ delivered: 1 });
  expect(await listed()).toEqual([
    {
      id: row!.id,
      type: "session.canceled",
      sessionId: "ses_sandbox",
      payload: {
        type: "session.canceled",
        timestamp: new Date(1).toISOString(),
        data: { id: "ses_sandbox", status: "canceled" },
      },
      deliveries: 1,
      receivedAt: expect.any(String),
    },
  ]);
});

test("a retry of one webhook-id is one entry counting two deliveries", async () => {
  const message = signed();
  expect((await post(message)).status).toBe(204);
  const retry = { ...message, headers: { ...message.headers } };
  expect((await post(retry)).status).toBe(204);
  expect(await listed()).toEqual([expect.objectContaining({ id: message.id, deliveries: 2 })]);
});

test.each([
  [
    "a changed body",
    (m: ReturnType<typeof signed>) => ({ ...m, body: m.body.replace("verified", "failed") }),
  ],
  [
    "another webhook-id",
    (m: ReturnType<typeof signed>) => ({
      ...m,
      headers: { ...m.headers, "webhook-id": "msg_other" },
    }),
  ],
  [
    "no signature",
    (m: ReturnType<typeof signed>) => ({
      ...m,
      headers: { ...m.headers, "webhook-signature": "" },
    }),
  ],
  [
    "a timestamp ten minutes old",
    (m: ReturnType<typeof signed>) => {
      const timestamp = Math.floor(Date.now() / 1000) - 600;
      const signature = signWebhook(sandboxKey()!.webhook!.secret, m.id, timestamp, m.body);
      return {
        ...m,
        headers: {
          ...m.headers,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signature,
        },
      };
    },
  ],
])("%s: 401 JSON, nothing kept", async (_name, tamper) => {
  const response = await post(tamper(signed()));
  expect(response.status).toBe(401);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  expect(await listed()).toEqual([]);
});

test("newest first; ?session= lists one session's only", async () => {
  const first = signed("session.failed", "ses_a");
  const second = signed("session.verified", "ses_b");
  // The app's clock, stopped and then moved: the two arrive a second apart, not by chance.
  freezeClock(Date.now());
  await post(first);
  advanceClock(1000);
  await post(second);
  expect((await listed()).map((webhook) => webhook.id)).toEqual([second.id, first.id]);
  expect((await listed("?session=ses_a")).map((webhook) => webhook.id)).toEqual([first.id]);
});

test("another browser sees none of them: a public demo shows nobody else's numbers", async () => {
  await post(signed("session.verified", "ses_owned"));
  expect(await listed()).toHaveLength(1);
  expect(await listed("", STRANGER)).toEqual([]);
  expect(await listed("?session=ses_owned", STRANGER)).toEqual([]);
});

test("with the sandbox off the receiver does not exist", async () => {
  const message = signed();
  process.env.SANDBOX = "0";
  reloadEnv();
  expect((await post(message)).status).toBe(404);
  expect((await fetch(`${app.url}/api/sandbox/webhooks`)).status).toBe(404);
});
