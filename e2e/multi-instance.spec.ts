import { expect, type APIRequestContext } from "@playwright/test";
import { test } from "./fixtures";
import { spawn, type ChildProcess } from "node:child_process";
import { startTestPostgres, type TestPostgres } from "../lib/testing/postgres";
import { generousBudgets } from "../lib/testing/budgets";
import { waitFor } from "./server";

// Two instances (`npm start`) of the production build on one PostgreSQL, as on Heroku or
// Vercel: a verification started on one finishes on the other; attempt counts and rate
// limits hold across both; a database restart gives 503s, then the app recovers by itself
// with nothing acknowledged lost.

// Beside the main e2e server's port (E2E_PORT, playwright.config.ts), so that two runs on one
// machine do not collide.
const base = Number(process.env.E2E_PORT ?? 3100);
const PORTS = [base + 1, base + 2] as const;
const urls: [string, string] = [`http://127.0.0.1:${PORTS[0]}`, `http://127.0.0.1:${PORTS[1]}`];
let database: TestPostgres;
const servers: ChildProcess[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await startTestPostgres();
  for (const port of PORTS) {
    servers.push(
      spawn("node", ["scripts/serve.mjs"], {
        detached: true,
        stdio: "ignore",
        env: {
          ...process.env,
          NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
          NODE_ENV: "production",
          SANDBOX: "1",
          PORT: String(port),
          HOST: "127.0.0.1",
          ...generousBudgets,
          APP_URL: `http://127.0.0.1:${port}`,
          APP_SECRET: "multi-instance-secret-multi-instance-secret",
          DATABASE_URL: database.url,
          SMS_SENDS_PER_PHONE_PER_HOUR: "3",
          SMS_RESEND_COOLDOWN: "30",
          RETRIES_ALLOWED: "3",
          LOG_LEVEL: "error",
        },
      }),
    );
  }
  for (const url of urls) await waitFor(async () => (await fetch(`${url}/api/health`)).ok);
});

test.afterAll(() => {
  for (const server of servers) if (server.pid) process.kill(-server.pid, "SIGTERM");
  database?.kill();
});

async function codeFor(request: APIRequestContext, base: string, phone: string): Promise<string> {
  const response = await request.get(
    `${base}/api/sandbox/phone/messages?number=${encodeURIComponent(phone)}`,
  );
  const { messages } = await response.json();
  return messages[0].code;
}

test("both instances run on PostgreSQL with current migrations", async ({ request }) => {
  for (const url of urls) {
    expect(await (await request.get(`${url}/api/health`)).json()).toMatchObject({
      ok: true,
      dialect: "postgres",
      migrations: { current: true },
    });
  }
});

test("a verification started through one instance is finished through the other", async ({
  request,
}) => {
  // Cookies are per host, not per port: one browser talking to both instances.
  const started = await request.post(`${urls[0]}/api/verifications`, {
    data: { method: "sms", phone: "+12065556001" },
  });
  expect(started.status()).toBe(201);
  const { verification } = await started.json();
  const code = await codeFor(request, urls[1], "+12065556001");
  const checked = await request.post(`${urls[1]}/api/verifications/${verification.id}/code`, {
    data: { code },
  });
  expect(checked.status()).toBe(200);
  expect((await checked.json()).verification.status).toBe("approved");
  const status = await request.get(`${urls[0]}/api/verifications/${verification.id}`);
  expect((await status.json()).verification.status).toBe("approved");
});

test("50 wrong codes split across both instances: exactly 3 evaluated", async ({ request }) => {
  expect(
    (
      await request.post(`${urls[0]}/api/sms-auth`, {
        data: { auth_id: "split", recipient: "12065556002" },
      })
    ).status(),
  ).toBe(200);
  const code = await codeFor(request, urls[0], "+12065556002");
  const wrong = code === "000000" ? "111111" : "000000";
  const bodies = await Promise.all(
    Array.from({ length: 50 }, async (_, i) =>
      (await fetch(`${urls[i % 2]!}/api/sms-auth?auth_id=split&code=${wrong}`)).json(),
    ),
  );
  const evaluated = bodies.filter((body) => body.reason === "InvalidAuthCode");
  expect(evaluated.map((body) => body.attempts_left).sort()).toEqual([0, 1, 2]);
  expect(bodies.filter((body) => body.reason === "UnknownAuthId")).toHaveLength(47);
});

test("rate limits hold across both: the number's hourly cap and the resend cooldown", async ({
  request,
}) => {
  const statuses = await Promise.all(
    Array.from(
      { length: 6 },
      async (_, i) =>
        (
          await fetch(`${urls[i % 2]!}/api/sms-auth`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ auth_id: `cap-${i}`, recipient: "12065556003" }),
          })
        ).status,
    ),
  );
  expect(statuses.filter((status) => status === 200)).toHaveLength(3);
  expect(statuses.filter((status) => status === 429)).toHaveLength(3);

  const started = await request.post(`${urls[0]}/api/verifications`, {
    data: { method: "sms", phone: "+12065556004" },
  });
  const { verification } = await started.json();
  const resend = await request.post(`${urls[1]}/api/verifications/${verification.id}/resend`, {
    data: {},
  });
  expect(resend.status()).toBe(429);
  expect(Number(resend.headers()["retry-after"])).toBeGreaterThan(25);
});

test("PostgreSQL restarted: 503 while it is down, recovery without restarting the app, nothing lost", async ({
  request,
}) => {
  test.setTimeout(90_000);
  // Acknowledged before the restart: an SMS entry and a browser verification.
  expect(
    (
      await request.post(`${urls[0]}/api/sms-auth`, {
        data: { auth_id: "durable", recipient: "12065556005" },
      })
    ).status(),
  ).toBe(200);
  const code = await codeFor(request, urls[0], "+12065556005");
  const started = await request.post(`${urls[1]}/api/verifications`, {
    data: { method: "sms", phone: "+12065556006" },
  });
  const { verification } = await started.json();

  database.stop();
  for (const url of urls) {
    const down = await request.get(`${url}/api/verifications/${verification.id}`);
    expect(down.status()).toBe(503);
    expect((await down.json()).error.code).toBe("service_unavailable");
    const seedDown = await request.get(`${url}/api/sms-auth?auth_id=durable&code=${code}`);
    expect(seedDown.status()).toBe(503);
    expect(await seedDown.json()).toMatchObject({ reason: "ServiceUnavailable" });
  }

  database.start();
  for (const url of urls) {
    await waitFor(
      async () =>
        (await request.get(`${url}/api/verifications/${verification.id}`)).status() === 200,
      30_000,
    );
  }
  expect(
    (await (await request.get(`${urls[0]}/api/verifications/${verification.id}`)).json())
      .verification,
  ).toMatchObject({ status: "pending", phone: "+12065556006" });
  const verified = await request.get(`${urls[1]}/api/sms-auth?auth_id=durable&code=${code}`);
  expect(verified.status()).toBe(200);
});
