import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { reloadEnv } from "@/lib/env";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { latestBody } from "@/lib/testing/sandbox";
import { sendSms, type FlowrouteConfig } from "../provider/client";

// The Flowroute emulator's edges that the real v2.1 client does not reach, spoken to directly:
// the legacy v2 send, how it reads the Authorization header, and the links it hands out. The
// app's public origin (APP_URL) is not the address the tests reach it on, as behind a proxy.

const PUBLIC_ORIGIN = "https://verify.example";
const CREDENTIALS = Buffer.from("sandbox-access-key:sandbox-secret-key").toString("base64");

let app: TestApp;
let base: string;

beforeAll(async () => {
  app = await startTestApp({ APP_URL: PUBLIC_ORIGIN });
  base = `${app.url}/api/sandbox/flowroute`;
});
afterAll(() => app.close());

function post(path: string, body: unknown, authorization = `Basic ${CREDENTIALS}`) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  });
}

describe("legacy POST /v2/messages", () => {
  test.each(["content", "body"])(
    "takes {to, from, %s}: 200 with an mdr1 id, and the phone gets the SMS",
    async (field) => {
      const to = field === "content" ? "12065554401" : "12065554402";
      const response = await post("/v2/messages", { to, from: "12065550100", [field]: field });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        data: { id: expect.stringMatching(/^mdr1-[0-9a-f]{32}$/) },
      });
      expect(await latestBody(app.url, `+${to}`)).toBe(field);
    },
  );

  test("the message is on the read side like any other", async () => {
    const sent = await (
      await post("/v2/messages", { to: "12065554403", from: "12065550100", content: "read" })
    ).json();
    const one = await fetch(`${base}/v2.1/messages/${sent.data.id}`, {
      headers: { Authorization: `Basic ${CREDENTIALS}` },
    });
    expect((await one.json()).data.attributes).toMatchObject({ to: "12065554403", body: "read" });
  });

  test("refuses what v2 refused: credentials 401, a malformed `to` 403, a sender not ours 403", async () => {
    const message = { to: "12065554404", from: "12065550100", content: "x" };
    expect((await post("/v2/messages", message, "Basic eDp5")).status).toBe(401);
    for (const refused of [
      { ...message, to: "11111111111" },
      { ...message, from: "12065559999" },
    ]) {
      const response = await post("/v2/messages", refused);
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0]).toMatchObject({ status: 403 });
    }
    // v2 predates the JSON:API envelope.
    expect(
      (await post("/v2/messages", { data: { type: "message", attributes: message } })).status,
    ).toBe(400);
  });

  test("the numbers' rules hold there too", async () => {
    const response = await post("/v2/messages", {
      to: "12065550429",
      from: "12065550100",
      content: "x",
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  test("v2 has only the send here; other versions are not found", async () => {
    expect((await fetch(`${base}/v2/messages`)).status).toBe(405);
    expect((await post("/v2/messages/mdr1-x", {})).status).toBe(404);
    expect((await post("/v3/messages", {})).status).toBe(404);
  });
});

describe("Flowroute's limit of 5 messages a second (FLOWROUTE_SANDBOX_RATE)", () => {
  let suiteRate: string | undefined;
  beforeEach(() => {
    suiteRate = process.env.FLOWROUTE_SANDBOX_RATE;
  });
  afterEach(() => {
    process.env.FLOWROUTE_SANDBOX_RATE = suiteRate ?? "5";
    reloadEnv();
    resetClock();
  });

  test("the sixth send within a second is a 429 with Retry-After: 1; a second later, sent", async () => {
    process.env.FLOWROUTE_SANDBOX_RATE = "5";
    reloadEnv();
    freezeClock(Date.now());
    const send = (n: number) =>
      post("/v2.1/messages", { to: `120655545${10 + n}`, from: "12065550100", body: "x" });
    const answers = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(send));
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      202, 202, 202, 202, 202, 429, 429, 429,
    ]);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await refused.json()).errors[0]).toMatchObject({
      status: 429,
      detail: expect.stringContaining("5 messages a second"),
    });
    // The real client reads it as Flowroute throttling us, with the wait it asked for.
    const config: FlowrouteConfig = {
      baseUrl: base,
      accessKey: "sandbox-access-key",
      secretKey: "sandbox-secret-key",
      from: "12065550100",
      timeoutMs: 5000,
    };
    await expect(sendSms(config, { to: "12065554520", body: "x" })).rejects.toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: 1,
    });
    advanceClock(1000);
    expect((await send(9)).status).toBe(202);
  });
});

describe("the Authorization header", () => {
  // RFC 7617: the scheme's name is case-insensitive.
  test.each(["basic", "BASIC", "bAsIc"])("scheme spelled %s: accepted", async (scheme) => {
    const response = await post(
      "/v2.1/messages",
      { to: "12065554405", from: "12065550100", body: "x" },
      `${scheme} ${CREDENTIALS}`,
    );
    expect(response.status).toBe(202);
  });

  test("the credentials are still compared exactly", async () => {
    const lower = CREDENTIALS.toLowerCase();
    for (const authorization of [`basic ${lower}`, `Bearer ${CREDENTIALS}`, CREDENTIALS]) {
      const response = await post(
        "/v2.1/messages",
        { to: "12065554406", from: "12065550100", body: "x" },
        authorization,
      );
      expect(response.status).toBe(401);
    }
  });
});

describe("self links", () => {
  test("name the app's public origin, not the address the request came in on", async () => {
    const config: FlowrouteConfig = {
      baseUrl: base,
      accessKey: "sandbox-access-key",
      secretKey: "sandbox-secret-key",
      from: "12065550100",
      timeoutMs: 2000,
    };
    const { id } = await sendSms(config, { to: "12065554407", body: "linked" });
    const self = `${PUBLIC_ORIGIN}/api/sandbox/flowroute/v2.1/messages/${id}`;
    const sent = await post("/v2.1/messages", {
      to: "12065554407",
      from: "12065550100",
      body: "y",
    });
    const sentBody = await sent.json();
    expect(sentBody.data.links.self).toBe(
      `${PUBLIC_ORIGIN}/api/sandbox/flowroute/v2.1/messages/${sentBody.data.id}`,
    );
    const headers = { Authorization: `Basic ${CREDENTIALS}` };
    const one = await (await fetch(`${base}/v2.1/messages/${id}`, { headers })).json();
    expect(one.data.links.self).toBe(self);
    const listed = await (await fetch(`${base}/v2.1/messages?to=12065554407`, { headers })).json();
    expect(listed.data.map((item: { links: { self: string } }) => item.links.self)).toContain(self);
  });
});
