import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { FlowrouteError, sendSms, type FlowrouteConfig } from "./client";
import { rejectionOf } from "@/lib/testing/rejection";

// The real Flowroute client against the app's emulator of the Messaging API v2.1, over HTTP.

let app: TestApp;
let config: FlowrouteConfig;

beforeAll(async () => {
  app = await startTestApp();
  config = {
    baseUrl: `${app.url}/api/sandbox/flowroute`,
    accessKey: "sandbox-access-key",
    secretKey: "sandbox-secret-key",
    from: "12065550100",
    timeoutMs: 2000,
  };
});
afterAll(() => app.close());

function basic(user = config.accessKey, password = config.secretKey) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, FlowrouteError);

describe("sendSms", () => {
  test("success: 202 with an mdr2 id, and the message is readable on Flowroute's read side", async () => {
    const sent = await sendSms(config, { to: "12065551111", body: "hello" });
    expect(sent.id).toMatch(/^mdr2-[0-9a-f]{32}$/);
    const one = await fetch(`${config.baseUrl}/v2.1/messages/${sent.id}`, {
      headers: { Authorization: basic() },
    });
    expect(one.status).toBe(200);
    expect((await one.json()).data.attributes).toMatchObject({
      to: "12065551111",
      from: "12065550100",
      body: "hello",
      direction: "outbound",
    });
  });

  test("wrong credentials: 401 unauthorized, with Flowroute's error envelope parsed", async () => {
    const error = await failure(
      sendSms({ ...config, secretKey: "wrong" }, { to: "12065551111", body: "x" }),
    );
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(error.detail).toContain("credentials");
  });

  test("a sender that is not on the account: 403 forbidden", async () => {
    const error = await failure(
      sendSms({ ...config, from: "12065559999" }, { to: "12065551111", body: "x" }),
    );
    expect(error).toMatchObject({ kind: "forbidden", status: 403 });
  });

  test("an undeliverable destination: 422 invalid", async () => {
    const error = await failure(sendSms(config, { to: "12065550422", body: "x" }));
    expect(error).toMatchObject({ kind: "invalid", status: 422 });
    expect(error.detail).toContain("cannot receive SMS");
  });

  test("a destination Flowroute refuses: 403", async () => {
    expect(await failure(sendSms(config, { to: "12065550403", body: "x" }))).toMatchObject({
      kind: "forbidden",
    });
  });

  test("rate limited: 429 with Retry-After", async () => {
    const error = await failure(sendSms(config, { to: "12065550429", body: "x" }));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSeconds: 7 });
  });

  test.each([
    ["12065550500", 500],
    ["12065550503", 503],
  ])("server errors: %s gives %i", async (to, status) => {
    expect(await failure(sendSms(config, { to, body: "x" }))).toMatchObject({
      kind: "server",
      status,
    });
  });

  test("no answer within the timeout: timeout", async () => {
    const error = await failure(
      sendSms({ ...config, timeoutMs: 300 }, { to: "12065550408", body: "x" }),
    );
    expect(error.kind).toBe("timeout");
  });

  test("a 2xx whose body is not the documented JSON: malformed", async () => {
    expect(await failure(sendSms(config, { to: "12065550202", body: "x" }))).toMatchObject({
      kind: "malformed",
      status: 202,
    });
  });

  test("nothing listening: network", async () => {
    const error = await failure(
      sendSms({ ...config, baseUrl: "http://127.0.0.1:9" }, { to: "12065551111", body: "x" }),
    );
    expect(error.kind).toBe("network");
  });
});

describe("the emulator", () => {
  async function send(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${config.baseUrl}/v2.1/messages`, {
      method: "POST",
      headers: { Authorization: basic(), "Content-Type": "application/vnd.api+json", ...headers },
      body: JSON.stringify(body),
    });
  }

  test("accepts the JSON:API envelope and the 2016 SDK's `content` field", async () => {
    const enveloped = await send({
      data: {
        type: "message",
        attributes: { to: "12065552222", from: "12065550100", body: "envelope" },
      },
    });
    expect(enveloped.status).toBe(202);
    expect((await send({ to: "12065552222", from: "12065550100", content: "legacy" })).status).toBe(
      202,
    );
  });

  test("lists sent messages newest first, filtered by recipient", async () => {
    await send({ to: "12065553333", from: "12065550100", body: "first" });
    await send({ to: "12065553333", from: "12065550100", body: "second" });
    const response = await fetch(`${config.baseUrl}/v2.1/messages?to=12065553333`, {
      headers: { Authorization: basic() },
    });
    const bodies = (await response.json()).data.map(
      (item: { attributes: { body: string } }) => item.attributes.body,
    );
    expect(bodies).toEqual(["second", "first"]);
  });

  // docs/providers.md#messaging-api-v21: a malformed number is a 422. NANP area codes and
  // exchanges start with 2–9, so 11111111111 (the seed's test number) is no number.
  test.each([
    "447700900123",
    "2065557777",
    "+12065557777",
    "120655577771",
    "11111111111",
    "10000000000",
    "11065557777",
    "12061557777",
  ])("v2.1 takes 11-digit North American numbers only: %s gets Flowroute's 422", async (to) => {
    const response = await send({ to, from: "12065550100", body: "x" });
    expect(response.status).toBe(422);
    expect((await response.json()).errors[0]).toMatchObject({
      status: 422,
      title: "Unprocessable Entity",
      detail: expect.stringContaining("11-digit North American"),
    });
    const listed = await fetch(`${config.baseUrl}/v2.1/messages?to=${to.replace("+", "")}`, {
      headers: { Authorization: basic() },
    });
    expect((await listed.json()).data).toEqual([]);
  });

  test("the real client sees a number outside North America as an invalid message", async () => {
    expect(await failure(sendSms(config, { to: "447700900123", body: "x" }))).toMatchObject({
      kind: "invalid",
      status: 422,
    });
  });

  test("refuses what Flowroute refuses", async () => {
    expect(
      (
        await send(
          { to: "12065551111", from: "12065550100", body: "x" },
          { "Content-Type": "text/plain" },
        )
      ).status,
    ).toBe(415);
    expect((await send({ to: "12065551111", from: "12065550100" })).status).toBe(422);
    expect((await send({ from: "12065550100", body: "x" })).status).toBe(400);
    const unknown = await fetch(`${config.baseUrl}/v2.1/messages/mdr2-nope`, {
      headers: { Authorization: basic() },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors[0]).toMatchObject({ status: 404, title: "Not Found" });
    const anonymous = await fetch(`${config.baseUrl}/v2.1/messages`);
    expect(anonymous.status).toBe(401);
  });
});
