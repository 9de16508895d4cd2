import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverCallback } from "@/lib/methods/truecaller/emulator/callback-delivery";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// A public demo (NODE_ENV=production, SANDBOX=1) is shared by strangers holding the sandbox
// credentials the README publishes: none of them may list the emulators' records across numbers
// and browsers (another visitor's numbers and codes), while one record by its id still answers.
// In development the lists work as the README shows.

const FLOWROUTE = `Basic ${Buffer.from("sandbox-access-key:sandbox-secret-key").toString("base64")}`;
const TRUID = `Basic ${Buffer.from("sandbox-truid-client-id:sandbox-truid-client-secret").toString("base64")}`;

/** What one visitor leaves in the emulators: an SMS with a code, a PhoneCheck, a callback. */
async function visit(url: string) {
  const sent = await fetch(`${url}/api/sandbox/flowroute/v2.1/messages`, {
    method: "POST",
    headers: { Authorization: FLOWROUTE, "Content-Type": "application/vnd.api+json" },
    body: JSON.stringify({ to: "12065550123", from: "12065550100", body: "Code 481516" }),
  });
  expect(sent.status).toBe(202);
  const token = await fetch(`${url}/api/sandbox/tru-id/oauth2/v1/token`, {
    method: "POST",
    headers: { Authorization: TRUID, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&scope=phone_check",
  });
  const bearer = `Bearer ${(await token.json()).access_token}`;
  const created = await fetch(`${url}/api/sandbox/tru-id/phone_check/v0.2/checks`, {
    method: "POST",
    headers: { Authorization: bearer, "Content-Type": "application/json" },
    body: JSON.stringify({ phone_number: "447700900123" }),
  });
  expect(created.status).toBe(201);
  const requestId = `visitor-${Date.now()}`;
  await deliverCallback({ requestId, accessToken: "t" }, { tries: 1 });
  return {
    messageId: (await sent.json()).data.id as string,
    checkId: (await created.json()).check_id as string,
    requestId,
    bearer,
  };
}

function lists(url: string, bearer: string) {
  return {
    messages: fetch(`${url}/api/sandbox/flowroute/v2.1/messages`, {
      headers: { Authorization: FLOWROUTE },
    }),
    messagesTo: fetch(`${url}/api/sandbox/flowroute/v2.1/messages?to=12065550123`, {
      headers: { Authorization: FLOWROUTE },
    }),
    checks: fetch(`${url}/api/sandbox/tru-id/phone_check/v0.2/checks`, {
      headers: { Authorization: bearer },
    }),
    traffic: fetch(`${url}/api/sandbox/truecaller/traffic`),
    callbacks: fetch(`${url}/api/sandbox/truecaller/traffic?kind=callback`),
  };
}

describe("on a public demo", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: "production", SANDBOX: "1" });
  });
  afterAll(() => app.close());

  test("a stranger with the sandbox credentials cannot list another visitor's records", async () => {
    const visitor = await visit(app.url);
    const stranger = lists(app.url, visitor.bearer);

    for (const response of [await stranger.messages, await stranger.messagesTo]) {
      expect(response.status).toBe(403);
      const text = await response.text();
      expect(text).not.toContain("481516");
      // Flowroute's own error envelope.
      expect(JSON.parse(text)).toMatchObject({ errors: [{ status: 403, title: "Forbidden" }] });
    }
    const checks = await stranger.checks;
    expect(checks.status).toBe(403);
    expect(checks.headers.get("content-type")).toBe("application/problem+json");
    const checksText = await checks.text();
    expect(checksText).not.toContain(visitor.checkId);
    expect(JSON.parse(checksText)).toMatchObject({ status: 403, title: "Forbidden" });
    for (const response of [await stranger.traffic, await stranger.callbacks]) {
      expect(response.status).toBe(403);
      const text = await response.text();
      expect(text).not.toContain(visitor.requestId);
      expect(JSON.parse(text)).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  test("one record by its id still answers", async () => {
    const visitor = await visit(app.url);
    const message = await fetch(
      `${app.url}/api/sandbox/flowroute/v2.1/messages/${visitor.messageId}`,
      { headers: { Authorization: FLOWROUTE } },
    );
    expect(message.status).toBe(200);
    expect((await message.json()).data.attributes.body).toBe("Code 481516");
    const check = await fetch(
      `${app.url}/api/sandbox/tru-id/phone_check/v0.2/checks/${visitor.checkId}`,
      { headers: { Authorization: visitor.bearer } },
    );
    expect(check.status).toBe(200);
    const traffic = await fetch(
      `${app.url}/api/sandbox/truecaller/traffic?requestId=${encodeURIComponent(visitor.requestId)}`,
    );
    expect(traffic.status).toBe(200);
    expect((await traffic.json()).traffic).toEqual([
      expect.objectContaining({ kind: "callback", requestId: visitor.requestId }),
    ]);
  });

  test("without the credentials the list is still unauthorized, as Flowroute answers", async () => {
    const response = await fetch(`${app.url}/api/sandbox/flowroute/v2.1/messages`);
    expect(response.status).toBe(401);
  });
});

describe("in development", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: "development" });
  });
  afterAll(() => app.close());

  test("the lists work as the README shows", async () => {
    const visitor = await visit(app.url);
    const listed = lists(app.url, visitor.bearer);

    const messages = await listed.messages;
    expect(messages.status).toBe(200);
    expect((await messages.json()).data).toEqual([
      expect.objectContaining({ id: visitor.messageId }),
    ]);
    expect((await (await listed.messagesTo).json()).data).toHaveLength(1);
    const checks = await listed.checks;
    expect(checks.status).toBe(200);
    expect((await checks.json())._embedded.checks).toEqual([
      expect.objectContaining({ check_id: visitor.checkId }),
    ]);
    const traffic = await listed.traffic;
    expect(traffic.status).toBe(200);
    expect(JSON.stringify(await traffic.json())).toContain(visitor.requestId);
    expect((await listed.callbacks).status).toBe(200);
  });
});
