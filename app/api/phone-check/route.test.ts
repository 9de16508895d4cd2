import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db/client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { follow } from "@/lib/testing/phonecheck";

// The tru.ID guide's endpoints (docs/providers.md#truid-phonecheck) with v0.2, the default: the device that
// POSTed opens the check URL, gets tru.ID's {check_id, code}, exchanges it, and GET answers.
// lib/methods/phonecheck/compat.test.ts replays tru.ID's own clients against the same endpoints.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function countRows(): number {
  return (getDb().$client.prepare("SELECT count(*) AS n FROM verifications").get() as { n: number })
    .n;
}

async function create(device: TestBrowser, phone_number: unknown) {
  return device.fetch("/api/phone-check", { json: { phone_number } });
}

describe("POST /api/phone-check", () => {
  test("E.164 digits, with or without '+': {check_id, check_url}, bound to the caller", async () => {
    for (const phone_number of ["447900120122", "+447900120124"]) {
      const response = await create(new TestBrowser(app.url), phone_number);
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(/pv_binding=.*HttpOnly/);
      const body = await response.json();
      expect(body).toEqual({
        check_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        check_url: `${app.url}/api/sandbox/tru-id/phone_check/v0.2/checks/${body.check_id}/redirect`,
      });
    }
  });

  test.each([
    ["a number that is not E.164", "07700900123", 400, "invalid_phone"],
    ["letters", "44abc", 400, "invalid_phone"],
    ["no phone_number", undefined, 400, "bad_request"],
  ])("%s: a JSON error and nothing stored", async (_name, phone_number, status, code) => {
    const before = countRows();
    const response = await create(new TestBrowser(app.url), phone_number);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
    expect(countRows()).toBe(before);
  });

  test.each([
    ["7400", 400, "mno_not_supported"],
    ["7409", 409, "ip_msisdn_mismatch"],
    ["7412", 409, "not_mobile_ip"],
    ["7503", 502, "provider_error"],
  ])(
    "tru.ID refusing …%s: %i with the reason and the SMS fallback",
    async (suffix, status, reason) => {
      const response = await create(new TestBrowser(app.url), `1206555${suffix}`);
      expect(response.status).toBe(status);
      const { error } = await response.json();
      expect(error).toMatchObject({ reason, fallback: "sms" });
      expect(error.message).toMatch(/another way/);
    },
  );

  test("tru.ID's 429 is passed on with its Retry-After", async () => {
    const response = await create(new TestBrowser(app.url), "12065557429");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect((await response.json()).error).toMatchObject({ reason: "rate_limited", retryAfter: 30 });
  });

  test("a form body as well as JSON; other types are 415 and store nothing", async () => {
    const form = await new TestBrowser(app.url).fetch("/api/phone-check", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "phone_number=447900120136",
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toMatchObject({ check_id: expect.any(String) });
    const before = countRows();
    const text = await new TestBrowser(app.url).fetch("/api/phone-check", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "phone_number=447900120138",
    });
    expect(text.status).toBe(415);
    expect(countRows()).toBe(before);
  });

  test("a cross-site form POST is refused before anything is stored", async () => {
    const before = countRows();
    const response = await new TestBrowser(app.url).fetch("/api/phone-check", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "phone_number=447900120140",
    });
    expect(response.status).toBe(403);
    expect(countRows()).toBe(before);
  });

  test("a cross-site browser POST is refused", async () => {
    const response = await new TestBrowser(app.url).fetch("/api/phone-check", {
      json: { phone_number: "447900120126" },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});

describe("GET /api/phone-check?check_id=…", () => {
  /** The device opens the check URL to its end, then the app exchanges the code it got. */
  async function journey(phone_number: string) {
    const device = new TestBrowser(app.url);
    const { check_id, check_url } = await (await create(device, phone_number)).json();
    const { hops, body } = await follow(device, check_url);
    const exchanged = await device.fetch("/api/phone-check/exchange-code", {
      json: JSON.parse(body!),
    });
    return { device, check_id, hops, exchanged };
  }

  test("after the check URL and the exchange, {check_id, match: true, status: COMPLETED}", async () => {
    const { device, check_id, hops, exchanged } = await journey("447900120128");
    // tru.ID → operator → tru.ID's JSON to the device (no redirect_url on a guide's check).
    expect(hops.map((hop) => hop.status)).toEqual([302, 200]);
    expect(exchanged.status).toBe(200);
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });

  test("an odd last digit: {match: false, status: COMPLETED}", async () => {
    const { device, check_id } = await journey("447900120131");
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ check_id, match: false, status: "COMPLETED" });
  });

  test("before the device opened the check URL: no match yet", async () => {
    const device = new TestBrowser(app.url);
    const { check_id } = await (await create(device, "447900120132")).json();
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ check_id, match: false, status: "ACCEPTED" });
  });

  test("another caller's check_id is answered as an unknown one", async () => {
    const { check_id } = await journey("447900120134");
    const foreign = await new TestBrowser(app.url).fetch(`/api/phone-check?check_id=${check_id}`);
    const unknown = await new TestBrowser(app.url).fetch(
      "/api/phone-check?check_id=00000000-0000-4000-8000-000000000000",
    );
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual(await unknown.json());
    const missing = await new TestBrowser(app.url).fetch("/api/phone-check");
    expect(missing.status).toBe(400);
  });
});
