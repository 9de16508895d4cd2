import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resetClock } from "@/lib/clock";
import { findVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";

// Bad input on the endpoints that take input: a 4xx with a JSON error, and nothing changed.

let app: TestApp;
let browser: TestBrowser;
let id: string;

beforeAll(async () => {
  app = await startTestApp();
  browser = new TestBrowser(app.url);
  const response = await browser.fetch("/api/verifications", {
    json: { method: "sms", phone: "+12065554201" },
  });
  id = (await response.json()).verification.id;
});
afterAll(() => app.close());

async function expectJsonError(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const { error } = await response.json();
  expect(typeof error.code).toBe("string");
  expect(typeof error.message).toBe("string");
}

describe("POST /api/verifications/:id/code", () => {
  test.each([
    ["no code", { json: {} }, 400],
    ["a code of the wrong type", { json: { code: 123456 } }, 400],
    ["an oversized body", { json: { code: "1".repeat(20_000) } }, 413],
    [
      "a body that is not JSON",
      { body: "code=123456", headers: { "content-type": "application/json" } },
      400,
    ],
    [
      "a form post",
      { body: "code=123456", headers: { "content-type": "application/x-www-form-urlencoded" } },
      415,
    ],
  ])("%s", async (_name, init, status) => {
    await expectJsonError(
      await browser.fetch(`/api/verifications/${id}/code`, { method: "POST", ...init }),
      status,
    );
    expect(await findVerification(id)).toMatchObject({ attempts: 0, status: "pending" });
  });

  test("an id longer than any real one is simply unknown", async () => {
    await expectJsonError(await browser.fetch(`/api/verifications/${"x".repeat(500)}`), 404);
  });
});

describe("the sandbox's own endpoints", () => {
  test("the phone inbox wants an E.164 number", async () => {
    await expectJsonError(await fetch(`${app.url}/api/sandbox/phone/messages`), 400);
    await expectJsonError(
      await fetch(`${app.url}/api/sandbox/phone/messages?number=2065550123`),
      400,
    );
  });

  test("the clock moves only forward, by a whole number of seconds", async () => {
    for (const body of [{}, { seconds: -5 }, { seconds: "60" }, { seconds: 1.5 }]) {
      const response = await fetch(`${app.url}/api/sandbox/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await expectJsonError(response, 400);
    }
    const clock = await (await fetch(`${app.url}/api/sandbox/clock`)).json();
    expect(clock.offsetSeconds).toBe(0);
  });

  test("with the sandbox off, its routes do not exist", async () => {
    const { reloadEnv } = await import("@/lib/env");
    process.env.SANDBOX = "0";
    reloadEnv();
    try {
      await expectJsonError(
        await fetch(`${app.url}/api/sandbox/phone/messages?number=%2B12065550123`),
        404,
      );
      await expectJsonError(await fetch(`${app.url}/api/sandbox/flowroute/v2.1/messages`), 404);
    } finally {
      process.env.SANDBOX = "1";
      reloadEnv();
    }
  });
});

describe("the sandbox clock with a real provider configured", () => {
  test("is refused, so that nobody can empty the rate-limit windows of real sends", async () => {
    const { reloadEnv } = await import("@/lib/env");
    Object.assign(process.env, {
      FLOWROUTE_ACCESS_KEY: "real-key",
      FLOWROUTE_SECRET_KEY: "real-secret",
      FLOWROUTE_NUMBER: "12065550199",
    });
    reloadEnv();
    try {
      const response = await fetch(`${app.url}/api/sandbox/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seconds: 3600 }),
      });
      expect(response.status).toBe(403);
      expect((await fetch(`${app.url}/api/sandbox/clock`)).status).toBe(200);
      expect((await (await fetch(`${app.url}/api/sandbox/clock`)).json()).offsetSeconds).toBe(0);
    } finally {
      delete process.env.FLOWROUTE_ACCESS_KEY;
      delete process.env.FLOWROUTE_SECRET_KEY;
      delete process.env.FLOWROUTE_NUMBER;
      reloadEnv();
    }
  });
});

describe("the sandbox clock on a public demo (production, SANDBOX=1)", () => {
  test("is refused unless SANDBOX_CLOCK=1: one visitor would move every visitor's expiries", async () => {
    const { reloadEnv } = await import("@/lib/env");
    const advance = () =>
      fetch(`${app.url}/api/sandbox/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seconds: 60 }),
      });
    const previous = { ...process.env };
    Object.assign(process.env, {
      NODE_ENV: "production",
      SANDBOX: "1",
      APP_SECRET: "x".repeat(32),
    });
    reloadEnv();
    try {
      const refused = await advance();
      await expectJsonError(refused, 403);
      expect((await (await fetch(`${app.url}/api/sandbox/clock`)).json()).offsetSeconds).toBe(0);
      process.env.SANDBOX_CLOCK = "1";
      reloadEnv();
      expect((await advance()).status).toBe(200);
      expect((await (await fetch(`${app.url}/api/sandbox/clock`)).json()).offsetSeconds).toBe(60);
    } finally {
      for (const name of ["NODE_ENV", "SANDBOX", "APP_SECRET", "SANDBOX_CLOCK"]) {
        if (previous[name] === undefined) delete process.env[name];
        else process.env[name] = previous[name];
      }
      reloadEnv();
      resetClock();
    }
  });
});
