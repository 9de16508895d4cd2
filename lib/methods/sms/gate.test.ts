import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db/client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";

// With real Flowroute credentials, as in production: Messaging API v2.1 delivers to 11-digit
// North American numbers only (docs/providers.md#messaging-api-v21), so a number outside +1 is
// refused before anything is sent, in words that say why. "Flowroute" here is a local server
// that answers as Flowroute does and counts what it is asked.

const API_KEY = "gate-test-api-key-0123456789";
let app: TestApp;
let flowroute: Server;
let flowrouteRequests: string[] = [];

beforeAll(async () => {
  flowroute = createServer((request, response) => {
    flowrouteRequests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on("end", () => {
      response.writeHead(202, { "Content-Type": "application/vnd.api+json" });
      response.end(JSON.stringify({ data: { type: "message", id: `mdr2-${"0".repeat(32)}` } }));
    });
  });
  await new Promise<void>((resolve) => flowroute.listen(0, "127.0.0.1", resolve));
  const { port } = flowroute.address() as AddressInfo;
  app = await startTestApp({
    FLOWROUTE_ACCESS_KEY: "real-access-key",
    FLOWROUTE_SECRET_KEY: "real-secret-key",
    FLOWROUTE_NUMBER: "12065550100",
    FLOWROUTE_BASE_URL: `http://127.0.0.1:${port}`,
    SMS_AUTH_API_KEYS: API_KEY,
  });
});
afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => flowroute.close(() => resolve()));
});

function countRows(): number {
  return (getDb().$client.prepare("SELECT count(*) AS n FROM verifications").get() as { n: number })
    .n;
}

// SMS_COUNTRIES as by default: the US and Canada, of the +1 countries Flowroute reaches.
const PLUS_ONE_ONLY =
  "Codes by SMS go only to numbers of these countries here: US, CA. Verify another way.";

describe("real Flowroute and a number outside +1", () => {
  test("a +1 number is sent to Flowroute (the setup reaches it)", async () => {
    flowrouteRequests = [];
    const response = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone: "+12065550177" },
    });
    expect(response.status).toBe(201);
    expect(flowrouteRequests).toEqual(["POST /v2.1/messages"]);
  });

  test("an SMS start to a +44 number: the clear refusal, no request to Flowroute", async () => {
    flowrouteRequests = [];
    const before = countRows();
    const response = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone: "+447400123456" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: "invalid_phone",
      message: PLUS_ONE_ONLY,
    });
    expect(flowrouteRequests).toEqual([]);
    expect(countRows()).toBe(before);
  });

  test("the seed API's create for a +44 recipient: refused the same way, nothing sent", async () => {
    flowrouteRequests = [];
    const response = await fetch(`${app.url}/api/sms-auth`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ auth_id: "gate-44", recipient: "+447400123456" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: PLUS_ONE_ONLY });
    expect(flowrouteRequests).toEqual([]);
  });
});
