import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { recordFetches, simulatedPhone } from "@/lib/testing/truecaller";
import { deliverCallback } from "./callback-delivery";

// The Truecaller emulator: its callback sender, and the simulated phone's JSON API that tests
// and scripts drive instead of the /sandbox page.

let app: TestApp;
let phone: ReturnType<typeof simulatedPhone>;
let counter = 0;
const KEY = "sandbox-truecaller-app-key";

beforeAll(async () => {
  app = await startTestApp();
  phone = simulatedPhone(app.url);
});
afterAll(() => app.close());
afterEach(() => {
  resetClock();
  vi.restoreAllMocks();
});

function number(): string {
  counter += 1;
  return `+1503${300 + counter}${2000 + counter}`;
}

async function pushPrompt(e164: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${app.url}/api/sandbox/truecaller/v1/apps/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json", appKey: KEY },
    body: JSON.stringify({ phoneNumber: Number(e164.slice(1)), ...extra }),
  });
  expect(response.status).toBe(200);
  return (await response.json()).requestId;
}

async function traffic(requestId: string) {
  const response = await fetch(
    `${app.url}/api/sandbox/truecaller/traffic?kind=callback&requestId=${encodeURIComponent(requestId)}`,
  );
  return (await response.json()).traffic as { attempt: number; status: number | null }[];
}

describe("the callback sender", () => {
  test("retries on non-2xx, up to 3 tries, and logs each attempt", async () => {
    const answers = [500, 503, 204];
    const app2 = await listen((_req, res) => res.writeHead(answers.shift()!).end());
    const delivery = await deliverCallback(
      { requestId: "retry-me", accessToken: "t" },
      { url: app2.url, delayMs: 1 },
    );
    expect(delivery).toEqual({ delivered: true, attempts: 3, status: 204 });
    expect(app2.bodies.map((body) => JSON.parse(body))).toEqual(
      Array(3).fill({ requestId: "retry-me", accessToken: "t" }),
    );
    expect((await traffic("retry-me")).map((row) => [row.attempt, row.status])).toEqual([
      [3, 204],
      [2, 503],
      [1, 500],
    ]);
    await app2.close();
  });

  test("gives up after the last try; an app that does not answer in time counts as a failure", async () => {
    const failing = await listen((_req, res) => res.writeHead(500).end());
    expect(
      await deliverCallback(
        { requestId: "never-ok", status: "user_rejected" },
        { url: failing.url, delayMs: 1 },
      ),
    ).toEqual({ delivered: false, attempts: 3, status: 500 });
    const silent = await listen(() => undefined);
    expect(
      await deliverCallback(
        { requestId: "silent", accessToken: "t" },
        { url: silent.url, delayMs: 1, tries: 2, timeoutMs: 200 },
      ),
    ).toEqual({ delivered: false, attempts: 2, status: null });
    expect(silent.bodies).toHaveLength(2);
    await Promise.all([failing.close(), silent.close()]);
  });

  test("the delivery log never holds the token", async () => {
    const ok = await listen((_req, res) => res.end());
    await deliverCallback({ requestId: "secret", accessToken: "tok-secret-123" }, { url: ok.url });
    const body = await (await fetch(`${app.url}/api/sandbox/truecaller/traffic`)).text();
    expect(body).toContain("secret");
    expect(body).not.toContain("tok-secret-123");
    await ok.close();
  });
});

describe("the simulated phone's JSON API", () => {
  test("lists the prompts waiting on a number, newest first, and only there", async () => {
    const e164 = number();
    const first = await pushPrompt(e164);
    advanceClock(1000);
    const second = await pushPrompt(e164);
    const prompts = await phone.prompts(e164);
    expect(prompts.map((prompt) => prompt.requestId)).toEqual([second, first]);
    expect(prompts[0]).toMatchObject({
      flow: "push",
      partnerName: "Phone Verify",
      status: "pending",
    });
    expect(await phone.prompts(number())).toEqual([]);
  });

  test("approve sends {requestId, accessToken, state} to the app's callback, once", async () => {
    const fetches = recordFetches();
    const e164 = number();
    const requestId = await pushPrompt(e164, { phoneNumber: e164.slice(1), state: "s-1" });
    const { status, body } = await phone.answer("approve", requestId);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      prompt: { requestId, status: "approved" },
      callback: { delivered: true, attempts: 1, status: 200 },
    });
    expect(JSON.stringify(body)).not.toMatch(/accessToken/);
    expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([
      { requestId, accessToken: expect.stringMatching(/^[\w-]{40,}$/), state: "s-1" },
    ]);
    expect(await phone.prompts(e164)).toEqual([]);
    expect(await phone.answer("decline", requestId)).toMatchObject({ status: 409 });
  });

  test.each([
    ["decline", "declined"],
    ["use-another-number", "another_number"],
  ] as const)(
    "%s on a push (flow A) is kept on the phone and sends nothing: Truecaller documents no callback",
    async (action, kept) => {
      const fetches = recordFetches();
      const e164 = number();
      const requestId = await pushPrompt(e164, { state: "s-2" });
      expect(await phone.answer(action, requestId)).toEqual({
        status: 200,
        body: { prompt: expect.objectContaining({ requestId, status: kept }), callback: null },
      });
      expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([]);
      expect(await traffic(requestId)).toEqual([]);
      // Answered once and for all: gone from the phone, and no second answer.
      expect(await phone.prompts(e164)).toEqual([]);
      expect(await phone.answer("approve", requestId)).toMatchObject({ status: 409 });
      expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([]);
    },
  );

  test("unknown, expired and malformed answers are refused", async () => {
    expect(await phone.answer("approve", "nope")).toMatchObject({ status: 404 });
    const e164 = number();
    const requestId = await pushPrompt(e164);
    advanceClock(600_001);
    expect(await phone.prompts(e164)).toEqual([]);
    expect(await phone.answer("approve", requestId)).toMatchObject({ status: 410 });
    const badAction = await fetch(`${app.url}/api/sandbox/truecaller/phone/prompts/ignore`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ requestId }),
    });
    expect(badAction.status).toBe(400);
    const badNumber = await fetch(`${app.url}/api/sandbox/truecaller/phone/prompts?number=123`);
    expect(badNumber.status).toBe(400);
    const crossSite = await fetch(`${app.url}/api/sandbox/truecaller/phone/prompts/approve`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ requestId }),
    });
    expect(crossSite.status).toBe(403);
  });
});

describe("flow B's entry: the phone opens a truecallersdk:// link", () => {
  const link = (params: Record<string, string>) =>
    `truecallersdk://truesdk/web_verify?${new URLSearchParams({ type: "btmsheet", partnerKey: KEY, partnerName: "Shop", ...params })}`;

  test("a valid link shows a consent sheet; approve sends {requestId, accessToken, endpoint}", async () => {
    const fetches = recordFetches();
    const e164 = number();
    const opened = await phone.openLink(link({ requestNonce: "nonce-abcdefgh" }), e164);
    expect(opened).toMatchObject({
      status: 201,
      body: {
        opened: true,
        prompt: { requestId: "nonce-abcdefgh", flow: "deeplink", partnerName: "Shop" },
      },
    });
    expect((await phone.prompts(e164)).map((prompt) => prompt.requestId)).toEqual([
      "nonce-abcdefgh",
    ]);
    await phone.answer("approve", "nonce-abcdefgh");
    expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([
      {
        requestId: "nonce-abcdefgh",
        accessToken: expect.any(String),
        endpoint: `${app.url}/api/sandbox/truecaller/v1/default`,
      },
    ]);
  });

  test.each([
    ["decline", "user_rejected"],
    ["use-another-number", "use_another_number"],
  ] as const)("%s on the sheet sends {requestId, status: %s}", async (action, sent) => {
    const fetches = recordFetches();
    const nonce = `nonce-${action}-${counter}`;
    await phone.openLink(link({ requestNonce: nonce }), number());
    expect(await phone.answer(action, nonce)).toMatchObject({
      status: 200,
      body: { callback: { delivered: true, attempts: 1, status: 200 } },
    });
    expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([
      { requestId: nonce, status: sent },
    ]);
  });

  test.each([
    ["a nonce shorter than 8", { requestNonce: "short" }, "invalid_nonce"],
    ["a nonce longer than 64", { requestNonce: "n".repeat(65) }, "invalid_nonce"],
    [
      "another app's key",
      { requestNonce: "nonce-12345678", partnerKey: "other" },
      "invalid_partner_key",
    ],
  ])("%s opens nothing", async (_name, params, reason) => {
    const e164 = number();
    expect(await phone.openLink(link(params), e164)).toEqual({
      status: 200,
      body: { opened: false, reason },
    });
    expect(await phone.prompts(e164)).toEqual([]);
  });

  test("a used nonce opens nothing the second time; a link that is not Truecaller's is refused", async () => {
    const e164 = number();
    expect((await phone.openLink(link({ requestNonce: "nonce-once-only" }), e164)).status).toBe(
      201,
    );
    expect(await phone.openLink(link({ requestNonce: "nonce-once-only" }), e164)).toMatchObject({
      body: { opened: false, reason: "nonce_used" },
    });
    expect((await phone.openLink("https://example.com/web_verify", e164)).status).toBe(400);
  });
});

async function listen(
  handler: (
    req: import("node:http").IncomingMessage,
    res: import("node:http").ServerResponse,
  ) => void,
) {
  const bodies: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push(Buffer.concat(chunks).toString());
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
