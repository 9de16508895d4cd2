import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { getDb } from "@/lib/db/client";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { findVerification } from "@/lib/db/verifications";
import { network } from "@/lib/providers/http";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { inboxSize, latestBody, latestCode } from "@/lib/testing/sandbox";

// The browser API for the SMS method, over HTTP, as two different people's browsers see it. The
// budgets (per number among them) are tested on both databases: lib/testing/protection-contract.ts.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ SMS_RESEND_COOLDOWN: "30", SMS_MAX_SENDS: "3", RETRIES_ALLOWED: "3" });
});
afterAll(() => app.close());
afterEach(() => {
  resetClock();
  vi.restoreAllMocks();
});

function freshPhone(): string {
  counter += 1;
  return `+1206555${String(3100 + counter)}`;
}

function countRows(): number {
  return (getDb().$client.prepare("SELECT count(*) AS n FROM verifications").get() as { n: number })
    .n;
}

async function start(browser: TestBrowser, phone = freshPhone()) {
  const response = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
  expect(response.status).toBe(201);
  const { verification } = await response.json();
  return { id: verification.id as string, phone, verification };
}

describe("start", () => {
  test("sends a code, answers the DTO and binds the verification to this browser", async () => {
    const browser = new TestBrowser(app.url);
    const response = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "(206) 555-0199", country: "US" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("set-cookie")).toMatch(/pv_binding=.*HttpOnly.*SameSite=Lax/);
    const { verification } = await response.json();
    expect(verification).toMatchObject({
      method: "sms",
      phone: "+12065550199",
      phoneDisplay: "+1 206 555 0199",
      status: "pending",
      sms: { codeLength: 6, attemptsLeft: 3, sendsLeft: 2, lastSendFailed: false },
    });
    expect(verification.id.length).toBeGreaterThanOrEqual(22);
    expect(await inboxSize(app.url, "+12065550199")).toBe(1);
    // The code the SMS carried appears nowhere in the answer: not as a run of digits of its own
    // (within a longer one it is only the phone number, which holds 6-digit runs by chance).
    const code = await latestCode(app.url, "+12065550199");
    const text = JSON.stringify(verification);
    expect(text).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    expect(text).not.toMatch(/codeHash|bindingHash/);
  });

  test.each([
    ["no phone", { method: "sms" }, 400],
    ["an unknown method", { method: "fax", phone: "+12065551000" }, 400],
    ["a phone of the wrong type", { method: "sms", phone: 12065551000 }, 400],
    ["an invalid number", { method: "sms", phone: "+1 000" }, 400],
    ["a national number without a country", { method: "sms", phone: "2065551000" }, 400],
    ["an oversized body", { method: "sms", phone: "+12065551000", pad: "x".repeat(20_000) }, 413],
  ])("%s is refused with a clear JSON error and nothing stored", async (_name, body, status) => {
    const before = countRows();
    const response = await new TestBrowser(app.url).fetch("/api/verifications", { json: body });
    expect(response.status).toBe(status);
    const { error } = await response.json();
    expect(error.code).toBeTruthy();
    expect(error.message.length).toBeGreaterThan(5);
    expect(countRows()).toBe(before);
  });

  test("a body that is not JSON, or not sent as JSON, is refused", async () => {
    const browser = new TestBrowser(app.url);
    const before = countRows();
    const broken = await browser.fetch("/api/verifications", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
    const form = await browser.fetch("/api/verifications", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ method: "sms", phone: "+12065551000" }),
    });
    expect(form.status).toBe(415);
    expect(countRows()).toBe(before);
  });

  test("an empty session id is bad input: 400, and nothing is stored, sent or counted", async () => {
    const browser = new TestBrowser(app.url);
    const phone = freshPhone();
    const before = countRows();
    for (const method of ["sms", "truecaller", "phonecheck"]) {
      const empty = await browser.fetch("/api/verifications", {
        json: { method, phone, session: "" },
      });
      expect(empty.status).toBe(400);
      expect((await empty.json()).error).toMatchObject({
        code: "bad_request",
        message: "session must not be empty.",
      });
    }
    expect(countRows()).toBe(before);
    expect(await inboxSize(app.url, phone)).toBe(0);
    // The number's budgets are untouched: its first real start sends.
    await start(browser, phone);
    expect(await inboxSize(app.url, phone)).toBe(1);
  });

  test("the methods' own options (SMS's challenge, Truecaller's replaces) are checked by the route: bad ones are 400, nothing sent", async () => {
    const browser = new TestBrowser(app.url);
    const phone = freshPhone();
    const before = countRows();
    const bad = [
      { method: "truecaller", replaces: "" },
      { method: "truecaller", replaces: "x".repeat(65) },
      { method: "sms", challenge: "x".repeat(8193) },
      { method: "sms", challenge: 12 },
      // Not what the widget sends (base64): no solution, whether or not one is asked for.
      { method: "sms", challenge: "not-base64-json!!" },
      // Another method's option: that method does nothing with it.
      { method: "phonecheck", replaces: "abc" },
      { method: "sms", replaces: "abc" },
    ];
    for (const options of bad) {
      const answer = await browser.fetch("/api/verifications", { json: { phone, ...options } });
      expect(answer.status, JSON.stringify(options).slice(0, 60)).toBe(400);
      expect((await answer.json()).error).toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(/^(replaces|challenge)[ :]/),
      });
    }
    expect(countRows()).toBe(before);
    expect(await inboxSize(app.url, phone)).toBe(0);
  });

  test("an unknown field is refused by name, and nothing is sent", async () => {
    const browser = new TestBrowser(app.url);
    const phone = freshPhone();
    const before = countRows();
    for (const path of ["/api/verifications", "/api/truecaller/deep-link"]) {
      const answer = await browser.fetch(path, { json: { method: "sms", phone, foo: 1 } });
      expect(answer.status).toBe(400);
      expect((await answer.json()).error.message).toMatch(/^Unknown fields?: .*"foo"/);
    }
    expect(countRows()).toBe(before);
    expect(await inboxSize(app.url, phone)).toBe(0);
  });

  test("a cross-site POST is refused and sends nothing", async () => {
    const phone = freshPhone();
    const response = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("cross_site_request");
    expect(await inboxSize(app.url, phone)).toBe(0);
  });

  test("an Origin of another port (a copied curl line) is refused with words that name both", async () => {
    const phone = freshPhone();
    const response = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers: { origin: "http://localhost:3000" },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toEqual({
      code: "cross_site_request",
      message: `Cross-site requests are not allowed: this request's Origin is http://localhost:3000, not this app (${app.url}, APP_URL); a call from a server sends no Origin header.`,
    });
    expect(await inboxSize(app.url, phone)).toBe(0);
  });

  test("numbers outside ALLOWED_COUNTRIES are refused", async () => {
    process.env.ALLOWED_COUNTRIES = "SE,NO";
    const { reloadEnv } = await import("@/lib/env");
    reloadEnv();
    try {
      const refused = await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone: freshPhone() },
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toBe("invalid_phone");
      // Sweden is allowed: a mobile data check of a Swedish number starts (SMS would not:
      // Flowroute reaches +1 numbers only, lib/methods/sms/gate.test.ts).
      const allowed = await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "phonecheck", phone: "+46760123456" },
      });
      expect(allowed.status).toBe(201);
    } finally {
      delete process.env.ALLOWED_COUNTRIES;
      reloadEnv();
    }
  });
});

describe("binding", () => {
  test("another browser that knows the id gets the unknown-id answer, for status, code and resend", async () => {
    const owner = new TestBrowser(app.url);
    const { id } = await start(owner);
    const stranger = new TestBrowser(app.url);
    const unknown = await stranger.fetch("/api/verifications/not-a-real-id");
    const unknownBody = await unknown.json();
    for (const response of [
      await stranger.fetch(`/api/verifications/${id}`),
      await stranger.fetch(`/api/verifications/${id}/code`, { json: { code: "123456" } }),
      await stranger.fetch(`/api/verifications/${id}/resend`, { json: {} }),
    ]) {
      expect(response.status).toBe(unknown.status);
      expect(await response.json()).toEqual(unknownBody);
    }
    expect(unknown.status).toBe(404);
    expect(await findVerification(id)).toMatchObject({ attempts: 0, sends: 1 });
    expect((await owner.fetch(`/api/verifications/${id}`)).status).toBe(200);
  });
});

describe("codes", () => {
  test("a wrong code shows the attempts left; the right one verifies and issues a session", async () => {
    const browser = new TestBrowser(app.url);
    const { id, phone } = await start(browser);
    const code = await latestCode(app.url, phone);
    const wrong = await browser.fetch(`/api/verifications/${id}/code`, {
      json: { code: code === "000000" ? "111111" : "000000" },
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ code: "invalid_code", attemptsLeft: 2 });
    // A JSON number is not a code (its leading zeros would be lost), and is not counted.
    const numeric = await browser.fetch(`/api/verifications/${id}/code`, {
      json: { code: Number(code) },
    });
    expect(numeric.status).toBe(400);
    expect((await numeric.json()).error).toEqual({
      code: "invalid_code",
      message:
        'Send the code as a string of digits ("012345"): as a number it would lose its leading zeros.',
    });

    const right = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
    expect(right.status).toBe(200);
    expect((await right.json()).verification).toMatchObject({ status: "approved", phone });
    expect(right.headers.get("set-cookie")).toMatch(/pv_session=[^;]+\.[0-9a-f]{64}; .*HttpOnly/);
    expect(await findVerifiedPhone(phone)).toMatchObject({ method: "sms", verificationId: id });
  });

  test("a code of the wrong shape is refused without using an attempt", async () => {
    const browser = new TestBrowser(app.url);
    const { id } = await start(browser);
    for (const code of ["12345", "1234567", "12a456"]) {
      const response = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
      expect(response.status).toBe(400);
    }
    expect(await findVerification(id)).toMatchObject({ attempts: 0 });
  });

  test("three wrong codes lock the verification", async () => {
    const browser = new TestBrowser(app.url);
    const { id, phone } = await start(browser);
    const code = await latestCode(app.url, phone);
    const wrong = code === "000000" ? "111111" : "000000";
    await browser.fetch(`/api/verifications/${id}/code`, { json: { code: wrong } });
    await browser.fetch(`/api/verifications/${id}/code`, { json: { code: wrong } });
    const third = await browser.fetch(`/api/verifications/${id}/code`, { json: { code: wrong } });
    expect(third.status).toBe(423);
    const after = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
    expect(after.status).toBe(423);
    expect(
      (await (await browser.fetch(`/api/verifications/${id}`)).json()).verification.status,
    ).toBe("locked");
  });
});

describe("the person's language", () => {
  test("errors and the status's words come in the language the browser asks for", async () => {
    const browser = new TestBrowser(app.url);
    const spanish = { "accept-language": "es-MX,es;q=0.9,en;q=0.5" };
    const started = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: freshPhone() },
      headers: spanish,
    });
    const { verification } = await started.json();
    const code = await latestCode(app.url, verification.phone);
    const wrong = code === "000000" ? "111111" : "000000";
    const guessed = await browser.fetch(`/api/verifications/${verification.id}/code`, {
      json: { code: wrong },
      headers: spanish,
    });
    expect((await guessed.json()).error.message).toBe(
      "Ese código no es correcto. Te quedan 2 intentos.",
    );
    // The language switch's cookie wins over Accept-Language.
    const english = await browser.fetch(`/api/verifications/${verification.id}/code`, {
      json: { code: wrong },
      headers: { ...spanish, cookie: `${browser.cookieHeader()}; pv_locale=en` },
    });
    expect((await english.json()).error.message).toBe("That code is not right. 1 attempt left.");
    advanceClock(601_000);
    const expired = await browser.fetch(`/api/verifications/${verification.id}`, {
      headers: spanish,
    });
    expect((await expired.json()).verification.message).toEqual({
      title: "El código ha caducado",
      text: "Un código solo sirve unos minutos, y el tiempo de este se acabó.",
      retry: true,
    });
    // An SMS sent to a Spanish-speaking browser is in Spanish.
    expect(await latestBody(app.url, verification.phone)).toMatch(/^\d{6}\nEs tu clave de /);
  });
});

describe("expiry and resend", () => {
  test("an expired code is refused; a resend brings a new code that works, the old one does not", async () => {
    const browser = new TestBrowser(app.url);
    const { id, phone } = await start(browser);
    const old = await latestCode(app.url, phone);
    advanceClock(601_000);
    const status = await (await browser.fetch(`/api/verifications/${id}`)).json();
    expect(status.verification).toMatchObject({ status: "expired", reason: "timed_out" });
    expect(
      (await browser.fetch(`/api/verifications/${id}/code`, { json: { code: old } })).status,
    ).toBe(410);

    const resent = await browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    expect(resent.status).toBe(200);
    expect((await resent.json()).verification).toMatchObject({
      status: "pending",
      sms: { attemptsLeft: 3 },
    });
    // A new code can repeat the old one (p = 10⁻⁶): resend once more (the cap allows it) until
    // it differs, so that the old code's answer below proves the replacement.
    let fresh = await latestCode(app.url, phone);
    let sends = 2;
    while (fresh === old && sends < 3) {
      advanceClock(30_000);
      expect((await browser.fetch(`/api/verifications/${id}/resend`, { json: {} })).status).toBe(
        200,
      );
      sends += 1;
      fresh = await latestCode(app.url, phone);
    }
    expect(fresh).not.toBe(old);
    expect(await inboxSize(app.url, phone)).toBe(sends);
    // The replaced code is told apart from a wrong one, and counted all the same.
    const stale = await browser.fetch(`/api/verifications/${id}/code`, { json: { code: old } });
    expect(stale.status).toBe(400);
    expect((await stale.json()).error).toMatchObject({
      code: "invalid_code",
      attemptsLeft: 2,
      replaced: true,
      message: expect.stringMatching(/^That is the code from an earlier SMS/),
    });
    const wrong = ["000000", "111111", "222222"].find((code) => code !== old && code !== fresh);
    const guessed = await browser.fetch(`/api/verifications/${id}/code`, {
      json: { code: wrong },
    });
    expect((await guessed.json()).error).toMatchObject({ replaced: false, attemptsLeft: 1 });
    expect(
      (await browser.fetch(`/api/verifications/${id}/code`, { json: { code: fresh } })).status,
    ).toBe(200);
  });

  test("resend waits for the cooldown, doubled after each send, all 429 with Retry-After, and stops at the cap for good (409)", async () => {
    const browser = new TestBrowser(app.url);
    const { id, phone } = await start(browser);
    const resend = () => browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    const early = await resend();
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
    expect(Number(early.headers.get("retry-after"))).toBeLessThanOrEqual(30);

    advanceClock(30_000);
    const second = await resend();
    expect(second.status).toBe(200);
    // After the second code, the next waits twice as long: 60 s, and the status says when.
    const { verification } = await second.json();
    const wait =
      Date.parse(verification.sms.resendAvailableAt) - Date.parse(verification.serverTime);
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    advanceClock(30_000);
    const tooSoon = await resend();
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get("retry-after"))).toBe(30);
    advanceClock(30_000);
    expect((await resend()).status).toBe(200);
    advanceClock(120_000);
    const capped = await browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    expect(capped.status).toBe(409);
    expect(capped.headers.get("retry-after")).toBeNull();
    expect(await capped.json()).toMatchObject({ error: { code: "conflict" } });
    // Hours later still: a Retry-After here would have a client ask again every second.
    advanceClock(2 * 3600_000);
    const later = await browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    expect(later.status).toBe(409);
    expect(later.headers.get("retry-after")).toBeNull();
    expect(await inboxSize(app.url, phone)).toBe(3);
    expect(await findVerification(id)).toMatchObject({ sends: 3 });
  });

  test("two resends at once for the last send: one goes, the other is the cap's 409, not a wait", async () => {
    const browser = new TestBrowser(app.url);
    const { id, phone } = await start(browser);
    const resend = () => browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    advanceClock(30_000);
    expect((await resend()).status).toBe(200);
    advanceClock(60_000);
    // SMS_MAX_SENDS is 3 here: whichever loses, no later retry can send.
    const answers = await Promise.all([resend(), resend()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const lost = answers.find((answer) => answer.status === 409)!;
    expect(lost.headers.get("retry-after")).toBeNull();
    expect(await inboxSize(app.url, phone)).toBe(3);
  });

  test("a failed send is a clear error with the verification, which a resend then recovers", async () => {
    const browser = new TestBrowser(app.url);
    const phone = freshPhone();
    // The provider is unreachable once (a fault at the network edge), then back.
    vi.spyOn(network, "exchange").mockRejectedValueOnce(new Error("socket hang up"));
    const failed = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect(failed.status).toBe(502);
    const { error } = await failed.json();
    expect(error).toMatchObject({ code: "sms_send_failed" });
    expect(error.verification).toMatchObject({
      status: "pending",
      // Nothing went out, so nothing to type: the page shows it as it shows an ending.
      halted: true,
      sms: { lastSendFailed: true },
      // The provider failed, not the number: nothing in its words doubts the number.
      reason: "send_failed",
      message: { text: expect.stringMatching(/^The text message service did not take it/) },
    });
    // No cooldown after a failed send: the person can resend at once.
    const resent = await browser.fetch(`/api/verifications/${error.verification.id}/resend`, {
      json: {},
    });
    expect(resent.status).toBe(200);
    expect((await resent.json()).verification).toMatchObject({
      halted: false,
      sms: { lastSendFailed: false },
    });
    const code = await latestCode(app.url, phone);
    expect(
      (await browser.fetch(`/api/verifications/${error.verification.id}/code`, { json: { code } }))
        .status,
    ).toBe(200);
  });

  test("a send the provider did not confirm: its code works if the SMS comes, and a resend waits for the cooldown", async () => {
    const browser = new TestBrowser(app.url);
    // The emulator sends to …0202, then answers with a body that cannot be read.
    const phone = "+12065550202";
    const failed = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect(failed.status).toBe(502);
    const { error } = await failed.json();
    expect(error).toMatchObject({ code: "sms_send_failed" });
    expect(error.message).toMatch(/did not confirm the message: it may still arrive/);
    expect(error.verification).toMatchObject({
      status: "pending",
      reason: "send_unconfirmed",
      message: { title: "Your SMS may be late" },
      // It may come: the code field stays.
      halted: false,
      sms: { lastSendFailed: false },
    });
    const { id } = error.verification;
    // It may have gone out (and been paid for): no second SMS before the cooldown.
    const early = await browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBe(30);
    expect(await inboxSize(app.url, phone)).toBe(1);
    // It did come: its code verifies.
    const code = await latestCode(app.url, phone);
    const checked = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
    expect(checked.status).toBe(200);
  });

  test("an undeliverable number fails clearly every time and stays recoverable", async () => {
    const browser = new TestBrowser(app.url);
    const response = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+12065550422" },
    });
    expect(response.status).toBe(502);
    const { error } = await response.json();
    expect(error.message).toMatch(/could not be delivered/);
    expect(error.verification.sms.resendAvailableAt).not.toBeNull();
    // The number is what the provider refused: the page says it may not take texts.
    expect(error.verification).toMatchObject({
      halted: true,
      reason: "send_refused",
      message: { text: expect.stringMatching(/^This number may not take text messages/) },
    });
  });
});
