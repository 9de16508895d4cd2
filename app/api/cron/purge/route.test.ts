import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { reloadEnv } from "@/lib/env";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { startReceiver, type TestReceiver } from "@/lib/testing/webhook-receiver";
import { enqueueWebhook, outboxRow, webhookSettings } from "@/lib/testing/webhooks";
import { onWebhookTick } from "@/lib/webhooks/timer";

// The purge as a scheduler calls it (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`),
// and the webhooks it sends on the way.

const SECRET = "cron-secret-cron-secret-0123456789";
let app: TestApp;
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({
    CRON_SECRET: SECRET,
    PURGE_AFTER: "3600",
    ...webhookSettings(`${receiver.origin}/hook`),
  });
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});
afterEach(() => {
  resetClock();
  process.env.CRON_SECRET = SECRET;
  reloadEnv();
});

function purge(authorization?: string) {
  return fetch(`${app.url}/api/cron/purge`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function endedRow(id: string) {
  const at = now();
  return insertVerification({
    id,
    method: "sms",
    phone: "+12065550111",
    status: "approved",
    expiresAt: at,
    createdAt: at,
    updatedAt: at,
  });
}

describe("GET /api/cron/purge", () => {
  test("with the secret: verifications ended longer ago than PURGE_AFTER are deleted", async () => {
    await endedRow("cron-old");
    advanceClock(3601_000);
    await endedRow("cron-recent");
    const response = await purge(`Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    expect(await response.json()).toMatchObject({ purged: { verifications: 1 } });
    expect(await findVerification("cron-old")).toBeUndefined();
    expect(await findVerification("cron-recent")).toBeDefined();
  });

  test("with the secret: the tick hooks run, then the webhooks due are sent", async () => {
    let written = "";
    onWebhookTick(async function cronTestSweep() {
      written ||= (await enqueueWebhook(now(), "app", "session.expired")).id;
    });
    const due = await enqueueWebhook(now());
    const response = await purge(`Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      webhooks: { delivered: 2, retried: 0, gaveUp: 0 },
    });
    expect(receiver.requests.map((request) => request.headers["webhook-id"]).sort()).toEqual(
      [due.id, written].sort(),
    );
    expect((await outboxRow(due.id))?.deliveredAt).not.toBeNull();
    delete (globalThis as { phoneVerifyWebhookHooks?: unknown }).phoneVerifyWebhookHooks;
  });

  test.each([
    ["no Authorization", undefined],
    ["a wrong secret", "Bearer cron-secret-cron-secret-0123456788"],
    ["the secret without the scheme", SECRET],
    ["the secret as Basic", `Basic ${SECRET}`],
    ["a prefix of the secret", `Bearer ${SECRET.slice(0, 10)}`],
  ])("%s: 401 JSON, nothing deleted", async (_name, authorization) => {
    await endedRow(`cron-kept-${_name}`);
    advanceClock(3601_000);
    const response = await purge(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect((await response.json()).error.code).toBe("unauthorized");
    expect(await findVerification(`cron-kept-${_name}`)).toBeDefined();
  });

  test("CRON_SECRET unset: the route does not exist (404), whatever is sent", async () => {
    delete process.env.CRON_SECRET;
    reloadEnv();
    for (const authorization of [undefined, "Bearer ", `Bearer ${SECRET}`, "Bearer undefined"]) {
      const response = await purge(authorization);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });
});

// What Vercel reads: each cron of vercel.json must be a route of ours that takes the secret,
// on a schedule Vercel accepts (five fields); a renamed route would otherwise fail silently,
// once a day, on the host only.
describe("vercel.json", () => {
  const crons = (
    JSON.parse(readFileSync("vercel.json", "utf8")) as {
      crons: { path: string; schedule: string }[];
    }
  ).crons;

  test("names at least the purge", () => {
    expect(crons.map((cron) => cron.path)).toContain("/api/cron/purge");
  });

  test.each(crons.map((cron) => [cron.path, cron.schedule]))(
    "%s (%s): answers the scheduler's request, and refuses one without the secret",
    async (path, schedule) => {
      expect(schedule.trim().split(/\s+/)).toHaveLength(5);
      const called = await fetch(`${app.url}${path}`, {
        headers: { authorization: `Bearer ${SECRET}` },
      });
      expect(called.status).toBe(200);
      expect((await fetch(`${app.url}${path}`)).status).toBe(401);
    },
  );
});
