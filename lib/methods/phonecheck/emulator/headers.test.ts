import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { now } from "@/lib/clock";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// The headers tru.ID sends beside its bodies (docs/providers.md#truid-phonecheck): rate-limit
// headers on product endpoints, and v0.1's create and get readable from any origin.

let app: TestApp;
let base: string;
let authorization: string;

beforeAll(async () => {
  app = await startTestApp();
  base = `${app.url}/api/sandbox/tru-id`;
  const token = await fetch(`${base}/oauth2/v1/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from("sandbox-truid-client-id:sandbox-truid-client-secret").toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials&scope=phone_check+coverage",
  });
  authorization = `Bearer ${(await token.json()).access_token}`;
});
afterAll(() => app.close());

function create(version: string, phone = "447700900000") {
  return fetch(`${base}/phone_check/${version}/checks`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: JSON.stringify({ phone_number: phone }),
  });
}

function rateLimit(response: Response) {
  return {
    limit: Number(response.headers.get("x-ratelimit-limit")),
    remaining: Number(response.headers.get("x-ratelimit-remaining")),
    reset: Number(response.headers.get("x-ratelimit-reset")),
  };
}

describe("rate-limit headers", () => {
  test("on every call of a product endpoint, counting down; Reset is the hour's end", async () => {
    const before = now() / 1000;
    const created = await create("v0.2");
    const after = now() / 1000;
    const first = rateLimit(created);
    const { check_id } = await created.json();
    const read = await fetch(`${base}/phone_check/v0.2/checks/${check_id}`, {
      headers: { Authorization: authorization },
    });
    const listed = await fetch(`${base}/phone_check/v0.2/checks`, {
      headers: { Authorization: authorization },
    });
    const coverage = await fetch(`${base}/coverage/v0.1/device_ips/192.0.2.10`, {
      headers: { Authorization: authorization },
    });
    expect(first.limit).toBeGreaterThan(0);
    expect(first.remaining).toBeLessThan(first.limit);
    expect([read, listed, coverage].map((response) => rateLimit(response).remaining)).toEqual([
      first.remaining - 1,
      first.remaining - 2,
      first.remaining - 3,
    ]);
    expect(first.reset % 3600).toBe(0);
    expect(first.reset).toBeGreaterThan(before);
    expect(first.reset).toBeLessThanOrEqual(after + 3600);
  });

  test("a refusal counts too, and a 429 says nothing remains", async () => {
    const refused = await fetch(`${base}/phone_check/v0.2/checks/nope`, {
      headers: { Authorization: authorization },
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    const limited = await create("v0.2", "447700907429");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  test("not on the check URL, which is the device's and no API call", async () => {
    const { _links } = await (await create("v0.2")).json();
    const visit = await fetch(_links.check_url.href, { redirect: "manual" });
    expect(visit.status).toBe(302);
    expect(visit.headers.get("x-ratelimit-limit")).toBeNull();
  });
});

describe("Access-Control-Allow-Origin", () => {
  test("v0.1's create and get answer any origin", async () => {
    const created = await create("v0.1");
    expect(created.headers.get("access-control-allow-origin")).toBe("*");
    const { check_id } = await created.json();
    const read = await fetch(`${base}/phone_check/v0.1/checks/${check_id}`, {
      headers: { Authorization: authorization },
    });
    expect(read.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("v0.2 says nothing of origins", async () => {
    const created = await create("v0.2");
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBeNull();
  });
});
