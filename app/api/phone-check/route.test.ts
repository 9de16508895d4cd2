import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db/client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { follow } from "@/lib/testing/phonecheck";

// The tru.ID guide's endpoints (docs/providers.md#truid-phonecheck) with v0.2, the default: the device that
// POSTed opens the check URL, lands on our redirect route with the code, and GET answers.

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
      expect(error.message).toMatch(/SMS/);
    },
  );

  test("tru.ID's 429 is passed on with its Retry-After", async () => {
    const response = await create(new TestBrowser(app.url), "12065557429");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect((await response.json()).error).toMatchObject({ reason: "rate_limited", retryAfter: 30 });
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
  async function journey(phone_number: string) {
    const device = new TestBrowser(app.url);
    const { check_id, check_url } = await (await create(device, phone_number)).json();
    // Stops before the page the redirect route sends it to (pages are not served here).
    const { hops, next } = await follow(device, check_url, /\/(verify\/|phone-check\/done)/);
    return { device, check_id, hops, next };
  }

  test("after the check URL (followed to its end), {match: true, status: COMPLETED}", async () => {
    const { device, check_id, hops, next } = await journey("447900120128");
    // tru.ID → operator → our redirect route (code redeemed) → the caller's status view.
    expect(hops.map((hop) => hop.status)).toEqual([302, 302, 303]);
    expect(next).toMatch(/\/verify\/[\w-]+$/);
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ match: true, status: "COMPLETED" });
  });

  test("an odd last digit: {match: false, status: COMPLETED}", async () => {
    const { device, check_id } = await journey("447900120131");
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ match: false, status: "COMPLETED" });
  });

  test("before the device opened the check URL: no match yet", async () => {
    const device = new TestBrowser(app.url);
    const { check_id } = await (await create(device, "447900120132")).json();
    const response = await device.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await response.json()).toEqual({ match: false, status: "ACCEPTED" });
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
