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
