import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { checkOf, follow, poll, startCheck, tapContinue } from "@/lib/testing/phonecheck";

// TRUID_PHONECHECK_VERSION=v0.1, the guide's flow: the phone opens the check URL, and the server
// reads the match with GET (at most every 3 s per check).

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ TRUID_PHONECHECK_VERSION: "v0.1" });
});
afterAll(() => app.close());
afterEach(() => resetClock());

function phone(last: string): string {
  counter += 1;
  const digits = `206555${2000 + counter * 10}`;
  return `+1${digits.slice(0, 10 - last.length)}${last}`;
}

describe("the browser flow on v0.1", () => {
  test("the phone's journey ends at the operator; the laptop's poll reads the match", async () => {
    const laptop = new TestBrowser(app.url);
    const number = phone("2");
    const started = await startCheck(laptop, number);
    expect(started.phonecheck.version).toBe("v0.1");
    const check = await checkOf(started.id);
    expect(check).toMatchObject({ version: "v0.1", redirectUrl: null });
    expect((await poll(laptop, started.id)).status).toBe("pending"); // asks tru.ID: ACCEPTED

    const { hops } = await tapContinue(new TestBrowser(app.url), started.phonecheck.openUrl!);
    expect(hops.map((hop) => hop.status)).toEqual([303, 302, 200]);
    // Asked less than 3 s ago: the poll does not ask tru.ID again yet.
    expect((await poll(laptop, started.id)).status).toBe("pending");
    advanceClock(3000);
    expect((await poll(laptop, started.id)).status).toBe("approved");
    expect(await findVerifiedPhone(number)).toMatchObject({ verificationId: started.id });
  });

  test("an odd last digit: no match", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, phone("5"));
    await tapContinue(new TestBrowser(app.url), started.phonecheck.openUrl!);
    expect(await poll(laptop, started.id)).toMatchObject({
      status: "rejected",
      reason: "no_match",
    });
  });

  test("…99: tru.ID's ERROR fails the verification", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, phone("99"));
    await tapContinue(new TestBrowser(app.url), started.phonecheck.openUrl!);
    expect(await poll(laptop, started.id)).toMatchObject({
      status: "failed",
      reason: "check_error",
    });
  });
});

describe("the guide's endpoints on v0.1", () => {
  test("POST {phone_number} → {check_id, check_url}; the device opens it; GET → {check_id, match: true}", async () => {
    const device = new TestBrowser(app.url);
    const created = await device.fetch("/api/phone-check", {
      json: { phone_number: "12065550142" },
    });
    expect(created.status).toBe(200);
    const body = await created.json();
    expect(Object.keys(body).sort()).toEqual(["check_id", "check_url"]);
    expect(body.check_url).toBe(
      `${app.url}/api/sandbox/tru-id/phone_check/v0.1/checks/${body.check_id}/redirect`,
    );
    const before = await device.fetch(`/api/phone-check?check_id=${body.check_id}`);
    expect(await before.json()).toEqual({
      check_id: body.check_id,
      match: false,
      status: "ACCEPTED",
    });

    await follow(device, body.check_url);
    advanceClock(3000);
    const after = await device.fetch(`/api/phone-check?check_id=${body.check_id}`);
    expect(await after.json()).toEqual({
      check_id: body.check_id,
      match: true,
      status: "COMPLETED",
    });
    // Someone else asking about this check_id learns nothing.
    const other = await new TestBrowser(app.url).fetch(
      `/api/phone-check?check_id=${body.check_id}`,
    );
    expect(other.status).toBe(404);
    // v0.1 has no code to exchange: exchange-code knows no such check.
    const exchanged = await device.fetch("/api/phone-check/exchange-code", {
      json: { check_id: body.check_id, code: "anything" },
    });
    expect(exchanged.status).toBe(404);
  });
});
