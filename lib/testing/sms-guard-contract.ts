import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { expect, test, vi } from "vitest";
import { eq } from "drizzle-orm";
import { findVerification } from "@/lib/db/verifications";
import { getDb } from "@/lib/db/client";
import { rateLimitCounts } from "@/lib/db/schema";
import { ApiError } from "@/lib/errors";
import { takeSendBudgets } from "@/lib/methods/sms/budgets";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { appPerTest } from "./app-server";
import { TestBrowser } from "./browser";
import { printedWarnings } from "./logs";
import { rejectionOf } from "./rejection";
import { inboxSize, latestCode } from "./sandbox";

/**
 * What stands between a fraudster and our SMS bill besides the budgets: the number policy,
 * the pumping guard, the proof-of-work challenge and the failure budget of a number, on
 * whichever database the suite runs (sms-guard.*.test.ts).
 */
export function smsGuardContract() {
  const app = appPerTest();
  const withApp = (env: Record<string, string>) => {
    resetClock();
    return app.start(env);
  };

  function start(phone: string, extra: Record<string, unknown> = {}, ip?: string) {
    const headers = ip ? { "x-forwarded-for": ip } : undefined;
    return new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone, ...extra },
      headers,
    });
  }

  async function errorOf(response: Response) {
    return (await response.json()).error as { code: string; message: string };
  }

  test("SMS goes to numbers that can be mobile and that Flowroute reaches; nothing else is sent", async () => {
    await withApp({});
    const refused = {
      "+19005551234": /premium-rate/,
      "+18005551234": /toll-free/,
      "+15005550006": /personal/,
      "+8823451234567": /international network/,
      "+447911123456": /these countries here: US, CA\./,
    };
    // Anguilla and Antigua: +1, mobile, and the favourites of pumping: not by default.
    const caribbean = {
      "+12642351234": /these countries here: US, CA\./,
      "+12684641234": /these countries here: US, CA\./,
      // Puerto Rico: +1, and not the United States here.
      "+17872345678": /these countries here: US, CA\./,
    };
    for (const [phone, words] of Object.entries({ ...refused, ...caribbean })) {
      const response = await start(phone);
      expect(response.status, phone).toBe(400);
      // `method: "sms"` is what tells the start form to offer the other methods for it.
      expect(await errorOf(response)).toMatchObject({ code: "invalid_phone", method: "sms" });
      expect((await errorOf(await start(phone))).message).toMatch(words);
      expect(await inboxSize(app.url, phone)).toBe(0);
    }
    // The other methods are not bound by SMS's reach.
    const check = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "phonecheck", phone: "+447911123456" },
    });
    expect(check.status).toBe(201);
  });

  test("SMS_NUMBER_TYPES and SMS_COUNTRIES change what SMS accepts", async () => {
    await withApp({ SMS_NUMBER_TYPES: "MOBILE,FIXED_LINE_OR_MOBILE,TOLL_FREE" });
    expect((await start("+18005551234")).status).toBe(201);
    await withApp({ SMS_COUNTRIES: "US,CA,AI" });
    expect((await start("+12642351234")).status).toBe(201);
    await withApp({ SMS_COUNTRIES: "CA" });
    const us = await start("+12065551234");
    expect(us.status).toBe(400);
    expect((await errorOf(us)).message).toMatch(/these countries here: CA\./);
    expect((await start("+14165551234")).status).toBe(201);
    // A code of the right form that names no country is none of them, not a failure.
    await withApp({ SMS_COUNTRIES: "CA,XX" });
    const named = await start("+12065551234");
    expect(named.status).toBe(400);
    expect((await errorOf(named)).message).toMatch(/these countries here: CA\./);
  });

  test("a prefix whose codes go unverified is paused for SMS alone, with a warning", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_GUARD_MIN_SENDS: "4",
      SMS_GUARD_MIN_VERIFIED_PERCENT: "50",
      LOG_LEVEL: "warn",
    });
    const warnings = vi.spyOn(console, "error");
    for (let i = 0; i < 4; i += 1) {
      expect((await start(`+1509555200${i}`, {}, `10.0.${i}.1`)).status).toBe(201);
    }
    const paused = await start("+15095552008", {}, "10.0.9.1");
    expect(paused.status).toBe(429);
    // `reason: "paused"`: what tells the start form that only the other methods can go on.
    expect(await errorOf(paused)).toMatchObject({
      message: expect.stringMatching(/paused/),
      reason: "paused",
    });
    // The seed SMS API says it in the seed's words: TooManyRequests, and when to try again.
    const seed = await fetch(`${app.url}/api/sms-auth`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "10.0.9.2" },
      body: JSON.stringify({ auth_id: "paused-prefix", recipient: "+15095552008" }),
    });
    expect(seed.status).toBe(429);
    expect(seed.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await seed.json()).toMatchObject({ reason: "TooManyRequests" });
    expect(await inboxSize(app.url, "+15095552008")).toBe(0);
    const logged = warnings.mock.calls.map(([line]) => String(line)).join("\n");
    expect(logged).toContain("sms paused");
    expect(logged).toContain("+15095552");
    warnings.mockRestore();
    // Another method for the same number still starts.
    const check = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "phonecheck", phone: "+15095552008" },
    });
    expect(check.status).toBe(201);
  });

  test("a burst of starts at once to one prefix gets no more SMS through than the guard allows one by one", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_GUARD_MIN_SENDS: "5",
      SMS_GUARD_MIN_VERIFIED_PERCENT: "25",
      SMS_SENDS_PER_PREFIX_PER_HOUR: "50",
      SMS_CHALLENGE: "off",
      LOG_LEVEL: "warn",
    });
    // Two codes of the prefix sent and verified: 2 verified may stand behind at most 8 sends
    // (25 %), so the 9th send is the last that goes: 7 of the burst.
    for (let i = 0; i < 2; i += 1) {
      const phone = `+1360555409${i}`;
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
        headers: { "x-forwarded-for": `10.4.${i}.1` },
      });
      const { verification } = await response.json();
      const code = await latestCode(app.url, phone);
      const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
        json: { code },
      });
      expect(checked.status).toBe(200);
    }
    const warnings = vi.spyOn(console, "error");
    const phones = Array.from({ length: 16 }, (_, i) => `+1360555${String(4100 + i)}`);
    const answers = await Promise.all(phones.map((phone, i) => start(phone, {}, `10.3.${i}.1`)));
    // The guard's read alone let all of them through: each saw no sends of the others.
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(7);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(9);
    for (const answer of refused) {
      // Refused by the guard (a pause, for its length), not by a budget.
      expect((await errorOf(answer)).message).toMatch(/paused/);
      expect(answer.headers.get("retry-after")).toBe("3600");
    }
    let sent = 0;
    for (const phone of phones) sent += await inboxSize(app.url, phone);
    expect(sent).toBe(7);
    // One pause, said once, however many starts ran into it.
    const pauses = warnings.mock.calls.filter(([line]) => String(line).includes("sms paused"));
    expect(pauses).toHaveLength(1);
    warnings.mockRestore();
    // And the prefix stays paused for the next one.
    const next = await start("+13605554199", {}, "10.3.99.1");
    expect(next.status).toBe(429);
    expect((await errorOf(next)).message).toMatch(/paused/);
  });

  test("the guard's limit is taken with the budgets: starts that all read the same figures get no further than one by one", async () => {
    await withApp({
      SMS_GUARD_MIN_SENDS: "5",
      SMS_GUARD_MIN_VERIFIED_PERCENT: "25",
      SMS_SENDS_PER_PREFIX_PER_HOUR: "50",
    });
    const at = now();
    // What each start of a burst read before any of them was counted: 2 codes verified, and
    // no sends yet (the read is a moment old by the time each takes).
    const seen = {
      prefixPausedAt: null,
      countryPausedAt: null,
      prefixSends: 0,
      prefixVerified: 2,
      countrySends: 0,
      countryVerified: 2,
    };
    const warnings = printedWarnings();
    // 2 verified stand behind at most 8 sends (25 %): the 9th send is the last that goes.
    for (let i = 0; i < 9; i += 1) {
      await takeSendBudgets(`+1360555${5100 + i}`, { ip: `10.6.${i}.1` }, seen, at);
    }
    const refused = await rejectionOf(
      takeSendBudgets("+13605555199", { ip: "10.6.99.1" }, seen, at),
      ApiError,
    );
    // Refused by the guard, not a budget: the prefix is paused, for the pause's length.
    expect(refused.code).toBe("rate_limited");
    expect(String(refused.message)).toMatch(/paused/);
    expect(refused.details?.retryAfter).toBe(3600);
    // Another start of the burst runs into the same pause: recorded and said once.
    await rejectionOf(takeSendBudgets("+13605555198", { ip: "10.6.98.1" }, seen, at), ApiError);
    expect(
      warnings().filter(
        (line) => line.message === "sms paused: most codes sent here go unverified",
      ),
    ).toHaveLength(1);
    const pauses = await getDb()
      .select()
      .from(rateLimitCounts)
      .where(eq(rateLimitCounts.bucket, "sms_paused"));
    expect(pauses).toMatchObject([{ key: "prefix:+13605555", events: 1 }]);
  });

  test("a whole country is paused when its sends go unverified, past its own minimum", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_GUARD_MIN_SENDS: "1000",
      SMS_GUARD_MIN_SENDS_COUNTRY: "3",
      SMS_GUARD_MIN_VERIFIED_PERCENT: "50",
    });
    for (const [i, phone] of ["+12125551001", "+13035552002", "+14155553003"].entries()) {
      expect((await start(phone, {}, `10.2.${i}.1`)).status).toBe(201);
    }
    const paused = await start("+16175554004", {}, "10.2.9.1");
    expect(paused.status).toBe(429);
    expect((await errorOf(paused)).message).toMatch(/paused/);
  });

  test("a prefix whose codes are verified is not paused", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_GUARD_MIN_SENDS: "4",
      SMS_GUARD_MIN_VERIFIED_PERCENT: "50",
    });
    for (let i = 0; i < 4; i += 1) {
      const phone = `+1509555300${i}`;
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
        headers: { "x-forwarded-for": `10.1.${i}.1` },
      });
      const { verification } = await response.json();
      if (i < 2) {
        const code = await latestCode(app.url, phone);
        const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
          json: { code },
        });
        expect(checked.status).toBe(200);
      }
    }
    expect((await start("+15095553008", {}, "10.1.9.1")).status).toBe(201);
  });

  async function solved(): Promise<string> {
    const challenge = (await (await fetch(`${app.url}/api/challenge`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
  }

  test("past the soft threshold a start needs a solved challenge: missing, wrong, replayed, expired", async () => {
    await withApp({
      SMS_CHALLENGE: "auto",
      SMS_CHALLENGE_AFTER: "2",
      SMS_CHALLENGE_DIFFICULTY: "5",
    });
    expect((await start("+12535554001")).status).toBe(201);
    expect((await start("+12535555002")).status).toBe(201);

    const missing = await start("+12535556003");
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({
      error: { code: "challenge_required", challenge: "/api/challenge" },
    });
    expect(await inboxSize(app.url, "+12535556003")).toBe(0);

    const payload = await solved();
    const decoded = JSON.parse(Buffer.from(payload, "base64").toString());
    decoded.solution.derivedKey = "00".repeat(32);
    const wrong = Buffer.from(JSON.stringify(decoded)).toString("base64");
    expect((await start("+12535556003", { challenge: wrong })).status).toBe(403);
    // Not even the widget's form: refused as bad input, before any check.
    expect((await start("+12535556003", { challenge: "not base64 json" })).status).toBe(400);

    expect((await start("+12535556003", { challenge: payload })).status).toBe(201);
    const replayed = await start("+12535557004", { challenge: payload });
    expect(replayed.status).toBe(403);
    expect((await errorOf(replayed)).message).toMatch(/used already/);

    const late = await solved();
    advanceClock(11 * 60_000);
    const expired = await start("+12535558005", { challenge: late });
    expect(expired.status).toBe(403);
    expect((await errorOf(expired)).message).toMatch(/expired/);
    expect(await inboxSize(app.url, "+12535558005")).toBe(0);
  });

  test("SMS_CHALLENGE=always asks from the first send; off never does", async () => {
    await withApp({ SMS_CHALLENGE: "always", SMS_CHALLENGE_DIFFICULTY: "5" });
    expect((await start("+12535559001")).status).toBe(403);
    expect((await start("+12535559001", { challenge: await solved() })).status).toBe(201);
    await withApp({ SMS_CHALLENGE: "off", SMS_CHALLENGE_AFTER: "0" });
    expect((await start("+12535559002")).status).toBe(201);
    expect((await start("+12535559003")).status).toBe(201);
  });

  test("a number's wrong codes in a row, across its codes, lock SMS for it until the cooling ends", async () => {
    await withApp({ MAX_FAILURES_PER_NUMBER: "4", RETRIES_ALLOWED: "3", SMS_FAILURE_LOCK: "600" });
    const phone = "+14255556001";
    const guess = async (browser: TestBrowser, id: string, code: string) =>
      (await browser.fetch(`/api/verifications/${id}/code`, { json: { code } })).status;
    const fresh = async () => {
      advanceClock(3000); // seconds apart: at once, a start is the previous one's twin
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
      });
      return { browser, response };
    };
    const first = await fresh();
    const { id } = (await first.response.json()).verification;
    const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");
    const code = await latestCode(app.url, phone);
    expect([
      await guess(first.browser, id, wrongOf(code)),
      await guess(first.browser, id, wrongOf(code)),
      await guess(first.browser, id, wrongOf(code)),
    ]).toEqual([400, 400, 423]);

    const second = await fresh();
    const secondId = (await second.response.json()).verification.id;
    const secondCode = await latestCode(app.url, phone);
    expect(await guess(second.browser, secondId, wrongOf(secondCode))).toBe(400);
    // Four wrong in a row: locked, for new codes and for the right code alike.
    expect(await guess(second.browser, secondId, secondCode)).toBe(429);
    // A refused guess is not an attempt: the code keeps the guesses it had.
    expect((await findVerification(secondId))?.attempts).toBe(1);
    const sendsBefore = await inboxSize(app.url, phone);
    const refused = (await fresh()).response;
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).message).toMatch(/wrong codes/);
    expect(await inboxSize(app.url, phone)).toBe(sendsBefore);

    advanceClock(601_000);
    expect((await fresh()).response.status).toBe(201);
  });

  test("the count of wrong codes outlives a lock and a quiet day: one more wrong code locks again", async () => {
    await withApp({ MAX_FAILURES_PER_NUMBER: "3", RETRIES_ALLOWED: "5", SMS_FAILURE_LOCK: "600" });
    const phone = "+14255556101";
    const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");
    /** A fresh code for the number, then `wrongs` wrong guesses at it; the start's status. */
    const startAndGuess = async (wrongs: number) => {
      advanceClock(3000);
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
      });
      if (response.status !== 201) return { status: response.status, guesses: [] };
      const { id } = (await response.json()).verification;
      const code = await latestCode(app.url, phone);
      const guesses = [];
      for (let i = 0; i < wrongs; i += 1) {
        const guess = await browser.fetch(`/api/verifications/${id}/code`, {
          json: { code: wrongOf(code) },
        });
        guesses.push(guess.status);
      }
      return { status: 201, guesses };
    };
    // Two wrong, a quiet day, then a third: the day did not start the count again.
    expect((await startAndGuess(2)).guesses).toEqual([400, 400]);
    advanceClock(25 * 3600_000);
    expect((await startAndGuess(1)).guesses).toEqual([400]);
    expect((await startAndGuess(0)).status).toBe(429);
    // The lock ends; the count does not: the next wrong code locks the number again.
    advanceClock(601_000);
    expect((await startAndGuess(1)).guesses).toEqual([400]);
    expect((await startAndGuess(0)).status).toBe(429);
    advanceClock(601_000);
    // Only a right code starts the count again.
    advanceClock(3000);
    const browser = new TestBrowser(app.url);
    const response = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect(response.status).toBe(201);
    const { id } = (await response.json()).verification;
    const right = await browser.fetch(`/api/verifications/${id}/code`, {
      json: { code: await latestCode(app.url, phone) },
    });
    expect(right.status).toBe(200);
    expect((await startAndGuess(2)).guesses).toEqual([400, 400]);
    expect((await startAndGuess(0)).status).toBe(201);
  });

  test("a right code resets the count of wrong ones", async () => {
    await withApp({ MAX_FAILURES_PER_NUMBER: "4", RETRIES_ALLOWED: "3" });
    const phone = "+14255557001";
    const run = async (wrongs: number, thenRight: boolean) => {
      advanceClock(3000);
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
      });
      const { id } = (await response.json()).verification;
      const code = await latestCode(app.url, phone);
      for (let i = 0; i < wrongs; i += 1) {
        await browser.fetch(`/api/verifications/${id}/code`, {
          json: { code: code === "000000" ? "111111" : "000000" },
        });
      }
      if (thenRight) {
        const ok = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
        expect(ok.status).toBe(200);
      }
    };
    await run(2, true);
    await run(3, false);
    // 2 + 3 wrong would pass 4, but the success in between started the count again.
    advanceClock(3000);
    const browser = new TestBrowser(app.url);
    const again = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect(again.status).toBe(201);
  });

  test("a provider's 429 is our 429 with its Retry-After, and the resend waits for it", async () => {
    await withApp({ SMS_RESEND_COOLDOWN: "0" });
    const browser = new TestBrowser(app.url);
    const response = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+12065550429" },
    });
    expect(response.status).toBe(429);
    // The emulator asks for 7 s (lib/methods/sms/emulator/messages.ts), not the 1 s we assume
    // when a 429 says nothing: the provider's own value is what comes through.
    expect(response.headers.get("retry-after")).toBe("7");
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "rate_limited", retryAfter: 7 });
    const { verification } = error;
    expect(Date.parse(verification.sms.resendAvailableAt)).toBeGreaterThan(
      Date.parse(verification.serverTime),
    );
    const resend = await browser.fetch(`/api/verifications/${verification.id}/resend`, {
      json: {},
    });
    expect(resend.status).toBe(429);
    expect(resend.headers.get("retry-after")).toBe("7");
  });
}
