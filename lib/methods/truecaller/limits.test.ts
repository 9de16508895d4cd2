import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { simulatedPhone, startDeepLink } from "@/lib/testing/truecaller";

// How often a number's Truecaller app may be prompted: once in five minutes (Truecaller's
// advice: lock re-triggering for about five minutes per user), five times in an hour.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  // A short timeout: the emulator's slow number (…1418) answers after 30 s.
  app = await startTestApp({ TRUECALLER_PROMPT_INTERVAL: "300", TRUECALLER_TIMEOUT_MS: "1000" });
});
afterAll(() => app.close());
afterEach(() => resetClock());

function number(): string {
  counter += 1;
  return `+1425${700 + counter}${4000 + counter}`;
}

function push(phone: string, browser = new TestBrowser(app.url)) {
  return browser.fetch("/api/verifications", { json: { method: "truecaller", phone } });
}

describe("Truecaller prompts to one number", () => {
  test("a second within five minutes is a 429 that says why and pushes nothing; after, it goes", async () => {
    freezeClock(Date.parse("2026-12-06T10:00:00Z"));
    const phone = number();
    expect((await push(phone)).status).toBe(201);
    advanceClock(4 * 60_000);
    const again = await push(phone);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBe(60);
    expect((await again.json()).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/less than 5 minutes ago/),
    });
    expect(await simulatedPhone(app.url).prompts(phone)).toHaveLength(1);
    advanceClock(60_000);
    expect((await push(phone)).status).toBe(201);
    expect(await simulatedPhone(app.url).prompts(phone)).toHaveLength(2);
  });

  test("five pushes at once from five browsers: one prompt, four 429s", async () => {
    freezeClock(Date.parse("2026-12-06T16:00:00Z"));
    const phone = number();
    // Five browsers, each with its own binding (a start of their own before), so that none is
    // another's twin (a double click gets the first one's verification back, one prompt).
    const browsers = [];
    for (let i = 0; i < 5; i += 1) {
      const browser = new TestBrowser(app.url);
      const own = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone: number() },
      });
      expect(own.status).toBe(201);
      browsers.push(browser);
    }
    const answers = await Promise.all(browsers.map((browser) => push(phone, browser)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 429, 429, 429, 429]);
    expect(await simulatedPhone(app.url).prompts(phone)).toHaveLength(1);
  });

  test("a push that reached no phone locks nothing: a number without Truecaller is told so again", async () => {
    freezeClock(Date.parse("2026-12-06T11:00:00Z"));
    const phone = `${number().slice(0, -4)}1008`; // the emulator: no Truecaller account
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await push(phone);
      expect(response.status).toBe(201);
      expect((await response.json()).verification).toMatchObject({
        status: "rejected",
        reason: "not_truecaller_user",
      });
      advanceClock(3000); // past the double-click window, well within five minutes
    }
  });

  test("a push Truecaller did not answer in time may be on the phone: the interval holds", async () => {
    freezeClock(Date.parse("2026-12-06T18:00:00Z"));
    const phone = `${number().slice(0, -4)}1418`; // the emulator answers after 30 s
    const first = await push(phone);
    expect((await first.json()).verification).toMatchObject({ reason: "provider_timeout" });
    advanceClock(3000);
    expect((await push(phone)).status).toBe(429);
  });

  test("five in an hour at most, however spaced", async () => {
    freezeClock(Date.parse("2026-12-06T12:00:00Z"));
    const phone = number();
    for (let sent = 0; sent < 5; sent += 1) {
      expect((await push(phone)).status).toBe(201);
      advanceClock(5 * 60_000);
    }
    const sixth = await push(phone);
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).error.message).toMatch(/Too many Truecaller requests/);
  });

  test("the deep link on the person's own phone is not held back by a prompt just pushed", async () => {
    freezeClock(Date.parse("2026-12-06T14:00:00Z"));
    const phone = number();
    expect((await push(phone)).status).toBe(201);
    const started = await startDeepLink(new TestBrowser(app.url), phone);
    expect(started.truecaller.flow).toBe("deeplink");
  });
});

describe("Truecaller starts from one address, one network and everyone", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      TRUST_PROXY: "1",
      TRUECALLER_STARTS_PER_IP_PER_HOUR: "3",
      TRUECALLER_STARTS_PER_NETWORK_PER_HOUR: "5",
      TRUECALLER_PUSHES_PER_HOUR: "7",
    });
  });
  afterAll(() => limited.close());

  const from = (ip: string) => ({ "x-forwarded-for": ip });
  const pushFrom = (ip: string, phone = number()) =>
    new TestBrowser(limited.url).fetch("/api/verifications", {
      json: { method: "truecaller", phone },
      headers: from(ip),
    });

  test("one address prompts at most its budget of numbers, its network its own, everyone theirs; each refusal pushes nothing", async () => {
    freezeClock(Date.parse("2026-12-06T12:00:00Z"));
    const prompted = [];
    // One address, a new number each time (the per-number limits never bite): 3 pushes, then
    // 429, whether by the browser API, a deep link or the guide's /ajaxpost.
    for (let i = 0; i < 3; i += 1) {
      const phone = number();
      expect((await pushFrom("10.7.1.1", phone)).status).toBe(201);
      prompted.push(phone);
    }
    const notPrompted: string[] = [];
    const refusedPhone = number();
    notPrompted.push(refusedPhone);
    const refused = await pushFrom("10.7.1.1", refusedPhone);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.message).toMatch(/Too many Truecaller requests/);
    const deepLink = await new TestBrowser(limited.url).fetch("/api/truecaller/deep-link", {
      json: { phone: number() },
      headers: from("10.7.1.1"),
    });
    expect(deepLink.status).toBe(429);
    const guide = await new TestBrowser(limited.url).fetch("/ajaxpost", {
      method: "POST",
      headers: { ...from("10.7.1.1"), "Content-Type": "application/x-www-form-urlencoded" },
      body: `phone_number=${number().slice(1)}`,
    });
    expect(guide.status).toBe(429);
    // Its network (the /24) has 2 left, whoever in it asks.
    expect((await pushFrom("10.7.1.2")).status).toBe(201);
    expect((await pushFrom("10.7.1.3")).status).toBe(201);
    const networkFull = number();
    notPrompted.push(networkFull);
    expect((await pushFrom("10.7.1.4", networkFull)).status).toBe(429);
    // Everyone: 7 pushes an hour, 5 taken; 2 more from other networks, then none.
    expect((await pushFrom("10.8.0.1")).status).toBe(201);
    expect((await pushFrom("10.9.0.1")).status).toBe(201);
    const allFull = number();
    notPrompted.push(allFull);
    const busy = await pushFrom("10.10.0.1", allFull);
    expect(busy.status).toBe(429);
    expect((await busy.json()).error.message).toMatch(/Too many Truecaller requests/);
    for (const phone of prompted) {
      expect(await simulatedPhone(limited.url).prompts(phone)).toHaveLength(1);
    }
    for (const phone of notPrompted) {
      expect(await simulatedPhone(limited.url).prompts(phone), phone).toHaveLength(0);
    }
    // An hour later the budgets have room again.
    advanceClock(3600_000);
    expect((await pushFrom("10.7.1.1")).status).toBe(201);
  });
});
