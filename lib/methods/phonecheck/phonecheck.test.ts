import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { findVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { allAtOnce } from "@/lib/testing/sandbox";
import { checkOf, follow, LANDING, poll, startCheck, tapContinue } from "@/lib/testing/phonecheck";

// The PhoneCheck method (v0.2, the default) over HTTP: a laptop that starts the check, the phone
// that opens it, and other people's browsers that must get nowhere.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  // A short tru.ID timeout, for the number the emulator answers only after 15 s.
  app = await startTestApp({ TRUID_TIMEOUT_MS: "1500" });
});
afterAll(() => app.close());
afterEach(() => resetClock());

/** A fresh US number ending in `last`. */
function phone(last = "0"): string {
  counter += 1;
  const digits = `206555${String(1000 + counter * 7).slice(-4)}`;
  return `+1${digits.slice(0, 10 - last.length)}${last}`;
}

function browser() {
  return new TestBrowser(app.url);
}

/**
 * The phone opens the laptop's link, taps Continue on its page, and goes as far as the landing
 * on our redirect route.
 */
async function phoneOpens(link: string, device = browser()) {
  const { hops, next } = await tapContinue(device, link, LANDING);
  return { device, hops, landing: next };
}

describe("start", () => {
  test("answers the status DTO with our one-time link, bound to this browser only", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("2"));
    expect(started).toMatchObject({
      method: "phonecheck",
      status: "pending",
      reason: null,
      phonecheck: {
        version: "v0.2",
        ttlSeconds: 120,
        phoneOpened: false,
        retryAt: null,
      },
      message: null,
    });
    // Why it ended is said once, by the core's `message`: not again in the method's details.
    expect(Object.keys(started.phonecheck).sort()).toEqual([
      "openUrl",
      "phoneOpened",
      "retryAt",
      "sandbox",
      "ttlSeconds",
      "version",
    ]);
    expect(started.phonecheck.openUrl).toMatch(
      new RegExp(`^${app.url}/phone-check/open/${started.id}\\.[0-9a-f]{64}$`),
    );
    expect(Date.parse(started.expiresAt) - Date.parse(started.serverTime)).toBeLessThanOrEqual(
      120_000,
    );
    // Neither tru.ID's check URL nor its check_id is handed to the browser.
    const check = await checkOf(started.id);
    expect(JSON.stringify(started)).not.toContain(check.checkId);

    const stranger = await browser().fetch(`/api/verifications/${started.id}`);
    const unknown = await browser().fetch(`/api/verifications/${"x".repeat(started.id.length)}`);
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toEqual(await unknown.json());
  });
});

describe("desktop → phone", () => {
  test("the phone opens the link, the operator confirms, the laptop turns verified", async () => {
    const laptop = browser();
    const number = phone("4");
    const started = await startCheck(laptop, number);
    const { device, hops, landing } = await phoneOpens(started.phonecheck.openUrl!);
    // Our link → tru.ID's check URL → the operator → back to our redirect route.
    expect(hops[0]).toMatchObject({ status: 303 });
    expect(hops[0]!.location).toMatch(
      /\/api\/sandbox\/tru-id\/phone_check\/v0\.2\/checks\/.+\/redirect$/,
    );
    expect(hops.slice(1).map((hop) => hop.status)).toEqual([302, 302]);
    expect(hops[2]!.url).toContain("/api/sandbox/tru-id/mno/");
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(true);

    const back = await device.fetch(landing!);
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`/phone-check/done?id=${started.id}`);

    const response = await laptop.fetch(`/api/verifications/${started.id}`);
    expect(response.headers.get("set-cookie")).toMatch(/pv_session=/);
    const verified = (await response.json()).verification;
    expect(verified).toMatchObject({ status: "approved", phonecheck: { openUrl: null } });
    expect(await findVerifiedPhone(number)).toMatchObject({
      verificationId: started.id,
      method: "phonecheck",
    });
    expect((await checkOf(started.id)).patches).toBe(1);
  });

  test("on the starting phone itself, the landing goes back to the status view", async () => {
    const handset = browser();
    const started = await startCheck(handset, phone("6"));
    const { landing } = await phoneOpens(started.phonecheck.openUrl!, handset);
    const back = await handset.fetch(landing!);
    expect(back.headers.get("location")).toBe(`/verify/${started.id}`);
    expect((await poll(handset, started.id)).status).toBe("approved");
    // The link never bound a second browser: the starter was already bound.
    expect((await poll(handset, started.id)).phonecheck.phoneOpened).toBe(false);
  });

  test("the link works for one phone only; others get the page a made-up link gets", async () => {
    const started = await startCheck(browser(), phone("8"));
    const link = started.phonecheck.openUrl!;
    const first = await phoneOpens(link);
    expect(first.landing).toBeTruthy();

    const [again] = (await follow(first.device, link, /./)).hops;
    expect(again!.location).toMatch(/\/phone_check\/v0\.2\/checks\/.+\/redirect$/);

    const other = browser();
    const [second] = (await follow(other, link, /./)).hops;
    const [forged] = (await follow(browser(), `${link.slice(0, -4)}abcd`, /./)).hops;
    expect(second).toMatchObject({ status: 303, location: "/phone-check/done" });
    expect(forged).toMatchObject({ status: 303, location: "/phone-check/done" });
    expect(other.cookie("pv_binding")).toBeUndefined();
  });
});

describe("the code exchange is bound to the check's browsers", () => {
  test("a landing from anyone else is answered as an unknown check and never reaches tru.ID", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("0"));
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);

    const attacker = browser();
    const stolen = await attacker.fetch(landing!);
    const madeUp = await attacker.fetch(
      "/api/phone-check/redirect?check_id=00000000-0000-4000-8000-000000000000&code=abc",
    );
    expect(stolen.status).toBe(madeUp.status);
    expect(stolen.headers.get("location")).toBe(madeUp.headers.get("location"));
    expect(await stolen.text()).toBe(await madeUp.text());
    expect(await checkOf(started.id)).toMatchObject({ status: "PENDING", patches: 0 });
    expect((await poll(laptop, started.id)).status).toBe("pending");

    // The code was not spent: the phone it belongs to still completes the check.
    await device.fetch(landing!);
    expect((await poll(laptop, started.id)).status).toBe("approved");
  });

  test("a replayed landing returns the final state without a second redemption", async () => {
    const laptop = browser();
    const number = phone("2");
    const started = await startCheck(laptop, number);
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);
    const first = await device.fetch(landing!);
    const replay = await device.fetch(landing!);
    expect(replay.headers.get("location")).toBe(first.headers.get("location"));
    expect((await checkOf(started.id)).patches).toBe(1);
    const row = await findVerification(started.id);
    expect(row).toMatchObject({ status: "approved" });
    expect((await findVerifiedPhone(number))?.verifiedAt).toBe(row!.completedAt);
  });

  test("eight landings at once: one PATCH, one approval", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("4"));
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);
    const answers = await allAtOnce(8, () => device.fetch(landing!));
    expect(answers.every((answer) => answer.status === 303)).toBe(true);
    expect((await checkOf(started.id)).patches).toBe(1);
    expect((await poll(laptop, started.id)).status).toBe("approved");
  });

  test.each([
    ["mno_redirect_unsupported", "mno_not_supported"],
    ["something_else", "check_error"],
  ])(
    "the operator's error variant (%s) ends the check as %s, for the bound phone only",
    async (error, reason) => {
      const laptop = browser();
      const started = await startCheck(laptop, phone("6"));
      const { device } = await phoneOpens(started.phonecheck.openUrl!);
      const check = await checkOf(started.id);
      const errorLanding = `/api/phone-check/redirect?check_id=${check.checkId}&error=${error}&error_description=x`;
      await browser().fetch(errorLanding);
      expect((await poll(laptop, started.id)).status).toBe("pending");
      await device.fetch(errorLanding);
      expect(await poll(laptop, started.id)).toMatchObject({ status: "failed", reason });
    },
  );
});

describe("outcomes", () => {
  test("an odd last digit: rejected as no match, with the way to SMS", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("3"));
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);
    await device.fetch(landing!);
    const final = await poll(laptop, started.id);
    expect(final).toMatchObject({ status: "rejected", reason: "no_match" });
    expect(final.message).toMatchObject({
      text: expect.stringMatching(/Verify another way/),
      retry: true,
    });
  });

  test.each([
    ["7412", "not_mobile_ip", true],
    ["7409", "ip_msisdn_mismatch", true],
    ["7400", "mno_not_supported", false],
    ["7500", "provider_error", true],
    ["7202", "provider_error", true],
    ["7408", "provider_timeout", true],
  ])("tru.ID refusing …%s at once: failed, %s, explained", async (suffix, reason, retryable) => {
    const started = await startCheck(browser(), phone(suffix));
    expect(started).toMatchObject({ status: "failed", reason });
    expect(started.phonecheck).toMatchObject({ openUrl: null });
    expect(started.message).toMatchObject({
      text: expect.stringMatching(/Verify another way/),
      retry: retryable,
    });
  });

  test("rate limited by tru.ID: failed, with when a new check may work, which a later read keeps", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("7429"));
    expect(started).toMatchObject({
      status: "failed",
      reason: "rate_limited",
      message: { retry: true },
    });
    // tru.ID's Retry-After, 30 s, from the failure.
    const retryAt = Date.parse(started.phonecheck.retryAt!);
    expect(retryAt - Date.parse(started.serverTime)).toBeGreaterThan(29_000);
    expect(retryAt - Date.parse(started.serverTime)).toBeLessThanOrEqual(30_000);
    // Read again 10 s later (a reload): the same moment, not 30 s from now.
    advanceClock(10_000);
    const later = await poll(laptop, started.id);
    expect(later.phonecheck.retryAt).toBe(started.phonecheck.retryAt);
  });

  test("the phone on Wi-Fi (…8412): the next poll reads tru.ID's ERROR", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("8412"));
    const { hops } = await phoneOpens(started.phonecheck.openUrl!);
    expect(hops.at(-1)!.status).toBe(412);
    expect(await poll(laptop, started.id)).toMatchObject({
      status: "failed",
      reason: "not_mobile_ip",
      message: { text: expect.stringMatching(/Wi-Fi/) },
    });
  });

  test("the check's ttl runs out: expired, and its link and code are dead", async () => {
    const laptop = browser();
    const started = await startCheck(laptop, phone("8"));
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);
    advanceClock(121_000);
    expect(await poll(laptop, started.id)).toMatchObject({
      status: "expired",
      reason: "timed_out",
    });
    const back = await device.fetch(landing!);
    expect(back.headers.get("location")).toBe(`/phone-check/done?id=${started.id}`);
    expect(await checkOf(started.id)).toMatchObject({ patches: 0 });
    const [reopen] = (await follow(browser(), started.phonecheck.openUrl!, /./)).hops;
    expect(reopen!.location).toBe("/phone-check/done");
  });
});

describe("the simulated phone", () => {
  test("lists the open checks for its number with the link to open, until they end", async () => {
    const number = phone("0");
    const started = await startCheck(browser(), number);
    const list = async () =>
      (
        await (
          await fetch(
            `${app.url}/api/sandbox/tru-id/simulator/checks?number=${encodeURIComponent(number)}`,
          )
        ).json()
      ).checks;
    expect(await list()).toEqual([
      expect.objectContaining({
        version: "v0.2",
        status: "ACCEPTED",
        openUrl: started.phonecheck.openUrl,
      }),
    ]);
    const { device, landing } = await phoneOpens(started.phonecheck.openUrl!);
    await device.fetch(landing!);
    expect(await list()).toEqual([]);
  });

  test("a check the guide's API made for a device opens its check URL directly", async () => {
    const number = phone("4");
    const created = await browser().fetch("/api/phone-check", {
      json: { phone_number: number.slice(1) },
    });
    const { check_url } = await created.json();
    const response = await fetch(
      `${app.url}/api/sandbox/tru-id/simulator/checks?number=${encodeURIComponent(number)}`,
    );
    expect((await response.json()).checks).toEqual([
      expect.objectContaining({ openUrl: check_url }),
    ]);
  });
});
