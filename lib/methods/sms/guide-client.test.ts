import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { latestCode } from "@/lib/testing/sandbox";
import { SmsAuthClient, SmsAuthError } from "./guide-client";
import { rejectionOf } from "@/lib/testing/rejection";

let app: TestApp;
let client: SmsAuthClient;

beforeAll(async () => {
  app = await startTestApp({ RETRIES_ALLOWED: "2" });
  client = new SmsAuthClient(`${app.url}/api/sms-auth`);
});
afterAll(() => app.close());

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, SmsAuthError);

test("createAuth then authenticateCode with the code from the phone", async () => {
  expect(await client.createAuth("client-1", "12065554101")).toEqual({
    message: "Success: Verification code created.",
    auth_id: "client-1",
  });
  const code = await latestCode(app.url, "+12065554101");
  expect(await client.authenticateCode("client-1", code)).toMatchObject({
    authenticated: true,
    auth_id: "client-1",
  });
});

test("typed errors carry reason and attemptsLeft", async () => {
  await client.createAuth("client-2", "12065554102");
  const code = await latestCode(app.url, "+12065554102");
  const wrong = code === "000000" ? "111111" : "000000";
  expect(await rejection(client.authenticateCode("client-2", wrong))).toMatchObject({
    reason: "InvalidAuthCode",
    attemptsLeft: 1,
    status: 400,
  });
  expect(await rejection(client.authenticateCode("client-2", wrong))).toMatchObject({
    attemptsLeft: 0,
  });
  expect(await rejection(client.authenticateCode("client-2", code))).toMatchObject({
    reason: "UnknownAuthId",
  });
  expect(await rejection(client.createAuth("client-3", "123"))).toMatchObject({
    reason: "InvalidAPIUsage",
  });
  expect(await rejection(client.createAuth("client-4", "12065550422"))).toMatchObject({
    reason: "SmsSendFailed",
    status: 502,
  });
});

test("an answer that is not JSON is a ServiceError, not a parse crash", async () => {
  const broken = new SmsAuthClient(`${app.url}/api/no-such-service`);
  expect(await rejection(broken.createAuth("x", "12065554103"))).toMatchObject({
    reason: "ServiceError",
  });
  const nowhere = new SmsAuthClient("http://127.0.0.1:9/api/sms-auth", 500);
  expect(await rejection(nowhere.authenticateCode("x", "1"))).toMatchObject({
    reason: "ServiceError",
    status: 0,
  });
});

test("with the server's API key set, the client sends it; without it the server says Unauthorized", async () => {
  const key = "client-test-key-0123456789";
  const keyed = await startTestApp({ SMS_AUTH_API_KEYS: key });
  try {
    const endpoint = `${keyed.url}/api/sms-auth`;
    expect(
      await rejection(new SmsAuthClient(endpoint).createAuth("keyed", "12065554104")),
    ).toMatchObject({ reason: "Unauthorized", status: 401 });
    const withKey = new SmsAuthClient(endpoint, 15_000, key);
    await withKey.createAuth("keyed", "12065554104");
    const code = await latestCode(keyed.url, "+12065554104");
    expect(await withKey.authenticateCode("keyed", code)).toMatchObject({
      authenticated: true,
      recipient: "+12065554104",
    });
  } finally {
    await keyed.close();
  }
});
