import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { reloadEnv } from "@/lib/env";
import { truecallerConfig } from "@/lib/methods/truecaller/provider";
import { network } from "@/lib/providers/http";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import {
  poll,
  postCallback,
  profileRequests,
  recordFetches,
  simulatedPhone,
  startDeepLink,
  startPush,
  type TruecallerDto,
  validToken,
  verificationRow,
} from "@/lib/testing/truecaller";

// The Truecaller method over HTTP, as a person's browser, the simulated phone and Truecaller's
// callback see it: the app's real routes, the real client, the emulator.

let app: TestApp;
let phone: ReturnType<typeof simulatedPhone>;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: "debug" });
  phone = simulatedPhone(app.url);
});
afterAll(() => app.close());
afterEach(() => {
  resetClock();
  vi.restoreAllMocks();
});

/** A fresh US number ending in `suffix` (a sandbox rule) or in a plain counter. */
function number(suffix?: string): string {
  counter += 1;
  return `+1206${300 + counter}${suffix ?? 2000 + counter}`;
}

async function approveOnPhone(e164: string, requestId: string) {
  expect(await phone.prompts(e164)).toContainEqual(expect.objectContaining({ requestId }));
  const { status, body } = await phone.answer("approve", requestId);
  expect(status).toBe(200);
  expect(body.callback).toEqual({ delivered: true, attempts: 1, status: 200 });
}

describe("flow A: the push the guide describes", () => {
  test("enter a number, approve on the phone, be greeted by name; the token goes nowhere", async () => {
    const logs: string[] = [];
    const capture = (line: unknown) => void logs.push(String(line));
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);
    const fetches = recordFetches();
    const browser = new TestBrowser(app.url);
    const e164 = number();

    const started = await startPush(browser, e164);
    expect(started).toMatchObject({
      method: "truecaller",
      phone: e164,
      status: "pending",
      truecaller: { flow: "push", deepLink: null, sandbox: true },
    });
    const requestId = started.truecaller.requestId!;
    expect(requestId).toMatch(/=$/);
    const lifetime = Date.parse(started.expiresAt) - Date.parse(started.serverTime);
    expect(lifetime).toBeGreaterThan(595_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);

    await approveOnPhone(e164, requestId);
    const status = await browser.fetch(`/api/verifications/${started.id}`);
    const body = await status.text();
    expect(JSON.parse(body).verification).toMatchObject({
      status: "approved",
      displayName: "Asha Rao",
      reason: null,
    });
    expect(status.headers.get("set-cookie")).toMatch(/pv_session=/);
    expect(await findVerifiedPhone(e164)).toMatchObject({
      verificationId: started.id,
      method: "truecaller",
      displayName: "Asha Rao",
    });
    expect(await phone.prompts(e164)).toEqual([]);

    // The token the emulator sent, read off the wire: in no answer, row or log line.
    const [callback] = fetches.bodiesTo("/api/truecaller/callback");
    expect(Object.keys(callback!).sort()).toEqual(["accessToken", "requestId"]);
    const token = callback!.accessToken!;
    expect(token.length).toBeGreaterThan(20);
    expect(body).not.toContain(token);
    expect(JSON.stringify(verificationRow(started.id))).not.toContain(token);
    const ended = logs.find((line) => line.includes('"verification ended"'));
    expect(JSON.parse(ended!)).toMatchObject({ method: "truecaller", status: "approved" });
    expect(logs.join("\n")).not.toContain(token);
  });

  test("a number without Truecaller: rejected at once, and no prompt anywhere", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number("1008");
    const started = await startPush(browser, e164);
    expect(started).toMatchObject({ status: "rejected", reason: "not_truecaller_user" });
    expect(await phone.prompts(e164)).toEqual([]);
  });

  test.each([
    ["1503", "provider_error"],
    ["1418", "provider_timeout"],
  ])("Truecaller failing at the start (…%s): failed, %s", async (suffix, reason) => {
    process.env.TRUECALLER_TIMEOUT_MS = "500";
    reloadEnv();
    try {
      const started = await startPush(new TestBrowser(app.url), number(suffix));
      expect(started).toMatchObject({ status: "failed", reason });
    } finally {
      delete process.env.TRUECALLER_TIMEOUT_MS;
      reloadEnv();
    }
  });

  test.each(["decline", "use-another-number"] as const)(
    "the person taps %s on the phone: Truecaller tells the app nothing, so it waits, then times out",
    async (action) => {
      const fetches = recordFetches();
      const browser = new TestBrowser(app.url);
      const e164 = number();
      const started = await startPush(browser, e164);
      const { status, body } = await phone.answer(action, started.truecaller.requestId!);
      expect(status).toBe(200);
      expect(body.callback).toBeNull();
      expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([]);
      expect(await phone.prompts(e164)).toEqual([]);
      // Pending, as far as the app knows, for the request's whole lifetime.
      expect(await poll(browser, started.id)).toMatchObject({ status: "pending", reason: null });
      advanceClock(Date.parse(started.expiresAt) - Date.parse(started.serverTime) - 1_000);
      expect(await poll(browser, started.id)).toMatchObject({ status: "pending", reason: null });
      advanceClock(2_000);
      expect(await poll(browser, started.id)).toMatchObject({
        status: "expired",
        reason: "timed_out",
        displayName: null,
      });
      expect(await findVerifiedPhone(e164)).toBeUndefined();
    },
  );

  test.each([
    ["1009", "profile_mismatch"], // the profile's number is another one
    ["1500", "profile_error"], // the profile host answers 500
    ["1204", "profile_error"], // an empty phoneNumbers
    ["1206", "profile_error"], // not JSON
  ])(
    "approved on the phone but the profile (…%s) does not prove it: failed, %s",
    async (suffix, reason) => {
      const browser = new TestBrowser(app.url);
      const e164 = number(suffix);
      const started = await startPush(browser, e164);
      await approveOnPhone(e164, started.truecaller.requestId!);
      expect(await poll(browser, started.id)).toMatchObject({ status: "failed", reason });
      expect(await findVerifiedPhone(e164)).toBeUndefined();
    },
  );

  test.each([
    ["1201", "Asha Rao"], // the 2017 profile shape
    ["1202", "Asha"], // no last name
    ["1203", "Asha Rao"], // several numbers, the entered one first
  ])("profile variants (…%s) still approve, greeting %s", async (suffix, name) => {
    const browser = new TestBrowser(app.url);
    const e164 = number(suffix);
    const started = await startPush(browser, e164);
    await approveOnPhone(e164, started.truecaller.requestId!);
    expect(await poll(browser, started.id)).toMatchObject({
      status: "approved",
      displayName: name,
    });
  });

  test("nobody answers: expired after the request lifetime", async () => {
    const browser = new TestBrowser(app.url);
    const started = await startPush(browser, number());
    advanceClock(600_001);
    expect(await poll(browser, started.id)).toMatchObject({
      status: "expired",
      reason: "timed_out",
    });
  });
});

describe("the callback answers first; the profile comes after", () => {
  test("the callback answers while the profile is still being fetched; the next poll sees the result", async () => {
    // The emulator's profile answer is held at the network edge until the callback has
    // answered: a callback that waited for the profile would never answer, and the test would
    // time out rather than pass.
    const profileUrl = truecallerConfig()!.profileUrl;
    const exchange = network.exchange;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let profileAsked!: () => void;
    const asked = new Promise<void>((resolve) => (profileAsked = resolve));
    vi.spyOn(network, "exchange").mockImplementation(async (url, init, timeoutMs) => {
      if (url.startsWith(profileUrl)) {
        profileAsked();
        await held;
      }
      return exchange(url, init, timeoutMs);
    });
    const browser = new TestBrowser(app.url);
    const e164 = number("1407"); // a slow host too: once let through, the emulator takes 4 s
    const started = await startPush(browser, e164);
    const requestId = started.truecaller.requestId!;
    const before = await profileRequests();

    const answered = await postCallback(app.url, {
      requestId,
      accessToken: await validToken(e164),
    });
    expect(answered.status).toBe(200);
    // What the callback recorded at once: the request is claimed, without the token, and the
    // profile has not reached the emulator.
    expect(verificationRow(started.id)).toMatchObject({
      status: "pending",
      provider_state: '{"flow":"push","stage":"fetching"}',
    });
    expect(await profileRequests()).toBe(before);
    // The profile request leaves after the answer; let it through.
    await asked;
    release();
    await expect.poll(() => profileRequests()).toBe(before + 1);

    expect(await poll(browser, started.id)).toMatchObject({
      status: "approved",
      displayName: "Asha Rao",
    });
  });

  test("a profile host that never answers: the fetch times out and the verification fails", async () => {
    process.env.TRUECALLER_TIMEOUT_MS = "800";
    reloadEnv();
    try {
      const browser = new TestBrowser(app.url);
      const e164 = number("1408");
      const started = await startPush(browser, e164);
      const answered = await postCallback(app.url, {
        requestId: started.truecaller.requestId,
        accessToken: await validToken(e164),
      });
      expect(answered.status).toBe(200);
      expect(await poll(browser, started.id)).toMatchObject({
        status: "failed",
        reason: "profile_timeout",
      });
    } finally {
      delete process.env.TRUECALLER_TIMEOUT_MS;
      reloadEnv();
    }
  });
});

describe("binding: a result only for the browser that started it", () => {
  test("another browser gets the unknown-id answer, before and after approval", async () => {
    const mine = new TestBrowser(app.url);
    const theirs = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(mine, e164);
    await theirs.fetch("/api/verifications", { json: { method: "truecaller", phone: number() } });

    const unknown = await theirs.fetch("/api/verifications/AAAAAAAAAAAAAAAAAAAAAAAA");
    const unknownBody = await unknown.json();
    const stolen = await theirs.fetch(`/api/verifications/${started.id}`);
    expect(stolen.status).toBe(unknown.status);
    expect(await stolen.json()).toEqual(unknownBody);

    await approveOnPhone(e164, started.truecaller.requestId!);
    const after = await theirs.fetch(`/api/verifications/${started.id}`);
    expect(after.status).toBe(404);
    expect(await after.json()).toEqual(unknownBody);
    expect(after.headers.get("set-cookie")).toBeNull();
    expect((await poll(mine, started.id)).status).toBe("approved");
  });
});

describe("the guide's /auth/true-sdk", () => {
  const guidePoll = (browser: TestBrowser, requestId: string) =>
    browser
      .fetch(`/auth/true-sdk?requestId=${encodeURIComponent(requestId)}`)
      .then(async (response) => ({ status: response.status, body: await response.json() }));

  test("GET polls in the guide's shape: NO while waiting, OK with the name after approval", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const { truecaller } = await startPush(browser, e164);
    const requestId = truecaller.requestId!;
    expect(await guidePoll(browser, requestId)).toEqual({
      status: 200,
      body: { message: "Failed", status: "NO" },
    });
    await approveOnPhone(e164, requestId);
    expect(await guidePoll(browser, requestId)).toEqual({
      status: 200,
      body: { message: "Success", status: "OK", name: "Asha Rao" },
    });
  });

  test("GET from another browser, or for an unknown requestId: the guide's Invalid request", async () => {
    const mine = new TestBrowser(app.url);
    const theirs = new TestBrowser(app.url);
    const e164 = number();
    const { truecaller } = await startPush(mine, e164);
    await approveOnPhone(e164, truecaller.requestId!);
    const invalid = { status: 200, body: { message: "Invalid request", status: "FAILED" } };
    expect(await guidePoll(theirs, truecaller.requestId!)).toEqual(invalid);
    expect(await guidePoll(mine, "unknown=")).toEqual(invalid);
    const missing = await mine.fetch("/auth/true-sdk");
    expect(await missing.json()).toEqual(invalid.body);
  });

  test("POST is Truecaller's callback, as the guide registered it", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const { id, truecaller } = await startPush(browser, e164);
    const answered = await postCallback(
      app.url,
      { requestId: truecaller.requestId, accessToken: await validToken(e164) },
      "/auth/true-sdk",
    );
    expect(answered).toMatchObject({ status: 200, body: '{"message":"Success"}' });
    expect(await poll(browser, id)).toMatchObject({ status: "approved", displayName: "Asha Rao" });
  });
});

describe("flow B: the deep link on an Android browser", () => {
  test("our nonce in Truecaller's link; approve on the phone; the endpoint callback approves", async () => {
    const fetches = recordFetches();
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startDeepLink(browser, e164);
    expect(started).toMatchObject({
      status: "pending",
      truecaller: { flow: "deeplink", requestId: null },
    });
    const link = new URL(started.truecaller.deepLink!);
    expect(link.protocol).toBe("truecallersdk:");
    const nonce = link.searchParams.get("requestNonce")!;
    // ≥128 random bits, within Truecaller's 8–64 characters.
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(link.searchParams.get("partnerKey")).toBe("sandbox-truecaller-app-key");
    expect(link.searchParams.get("partnerName")).toBe("Phone Verify");

    expect(await phone.openLink(started.truecaller.deepLink!, e164)).toMatchObject({
      status: 201,
      body: { opened: true, prompt: { requestId: nonce, flow: "deeplink" } },
    });
    await approveOnPhone(e164, nonce);
    expect(fetches.bodiesTo("/api/truecaller/callback")).toEqual([
      {
        requestId: nonce,
        accessToken: expect.any(String),
        endpoint: `${app.url}/api/sandbox/truecaller/v1/default`,
      },
    ]);
    expect(await poll(browser, started.id)).toMatchObject({
      status: "approved",
      displayName: "Asha Rao",
      truecaller: { deepLink: null },
    });
    // The profile came from the endpoint the callback named: the emulator's.
    expect(fetches.urls()).toContain(`${app.url}/api/sandbox/truecaller/v1/default`);
  });

  test("'on this phone' right after the push is a start of its own, not the push's twin", async () => {
    const browser = new TestBrowser(app.url);
    await startPush(browser, number()); // the browser holds its binding, as on a session's page
    const e164 = number();
    const pushed = await startPush(browser, e164);
    const linked = await startDeepLink(browser, e164);
    expect(linked.id).not.toBe(pushed.id);
    expect(linked.truecaller).toMatchObject({ flow: "deeplink" });
    // A double click on either still makes one.
    expect((await startDeepLink(browser, e164)).id).toBe(linked.id);
  });

  test("'on this phone' from a push's page ends that push: one live request; Continue on the stale push changes nothing", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const pushed = await startPush(browser, e164);
    const pushId = pushed.truecaller.requestId!;
    const response = await browser.fetch("/api/truecaller/deep-link", {
      json: { phone: e164, replaces: pushed.id },
    });
    expect(response.status).toBe(201);
    const linked: TruecallerDto = (await response.json()).verification;
    expect(linked).toMatchObject({ status: "pending", truecaller: { flow: "deeplink" } });
    // The push ended, as the state machine ends a request: its page (Back) says why, and
    // offers no Truecaller retry that would push again.
    expect(await poll(browser, pushed.id)).toMatchObject({
      status: "failed",
      reason: "replaced",
      message: { title: "This request was replaced", retry: false },
    });
    // Its notification stays on the phone, as Truecaller's would, marked as no longer waited for.
    expect(await phone.prompts(e164)).toEqual([
      expect.objectContaining({ requestId: pushId, flow: "push", waited: false }),
    ]);
    // Continue on it: Truecaller sends its callback, and the app lets it change nothing.
    const { status, body } = await phone.answer("approve", pushId);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      prompt: { status: "approved", waited: false },
      callback: { delivered: true },
    });
    expect(await poll(browser, pushed.id)).toMatchObject({ status: "failed", reason: "replaced" });
    expect(await findVerifiedPhone(e164)).toBeUndefined();
    // The deep link is the one live request, and works as any.
    expect((await poll(browser, linked.id)).status).toBe("pending");
    await phone.openLink(linked.truecaller.deepLink!, e164);
    expect(await phone.prompts(e164)).toEqual([
      expect.objectContaining({ flow: "deeplink", waited: true }),
    ]);
    const nonce = new URL(linked.truecaller.deepLink!).searchParams.get("requestNonce")!;
    await approveOnPhone(e164, nonce);
    expect(await poll(browser, linked.id)).toMatchObject({ status: "approved" });
  });

  test("a prompt sent again from the push's page takes its place, once Truecaller's interval allows", async () => {
    const browser = new TestBrowser(app.url);
    await startPush(browser, number());
    const e164 = number();
    const again = (replaces: string) =>
      browser.fetch("/api/verifications", {
        json: { method: "truecaller", phone: e164, replaces },
      });
    const before = process.env.TRUECALLER_PROMPT_INTERVAL;
    process.env.TRUECALLER_PROMPT_INTERVAL = "300";
    reloadEnv();
    try {
      const first = await startPush(browser, e164);
      // The page counts down to when Truecaller lets a number be prompted again.
      const wait = Date.parse(first.truecaller.promptAgainAt!) - Date.parse(first.serverTime);
      expect(wait).toBeGreaterThan(299_000);
      expect(wait).toBeLessThanOrEqual(300_000);
      // Past a double click's moment (that would be the first one's twin), not past the interval.
      advanceClock(3000);
      const early = await again(first.id);
      expect(early.status).toBe(429);
      expect((await poll(browser, first.id)).status).toBe("pending");
      advanceClock(297_000);
      const response = await again(first.id);
      expect(response.status).toBe(201);
      const second: TruecallerDto = (await response.json()).verification;
      expect(second).toMatchObject({ status: "pending", truecaller: { flow: "push" } });
      // One live request: the first is over, its notification no longer waited for.
      expect(await poll(browser, first.id)).toMatchObject({ status: "failed", reason: "replaced" });
      expect(await phone.prompts(e164)).toEqual([
        expect.objectContaining({ requestId: second.truecaller.requestId, waited: true }),
        expect.objectContaining({ requestId: first.truecaller.requestId, waited: false }),
      ]);
    } finally {
      if (before === undefined) delete process.env.TRUECALLER_PROMPT_INTERVAL;
      else process.env.TRUECALLER_PROMPT_INTERVAL = before;
      reloadEnv();
    }
  });

  test("a prompt sent again that Truecaller refuses leaves the first one waiting", async () => {
    const browser = new TestBrowser(app.url);
    await startPush(browser, number());
    const e164 = number();
    const first = await startPush(browser, e164);
    advanceClock(3000);
    // Truecaller cannot be reached for the new prompt (a fault at the network edge).
    vi.spyOn(network, "exchange").mockRejectedValueOnce(new Error("socket hang up"));
    const response = await browser.fetch("/api/verifications", {
      json: { method: "truecaller", phone: e164, replaces: first.id },
    });
    expect(response.status).toBe(201);
    expect((await response.json()).verification.status).toBe("failed");
    // The first prompt is still the live one, and can still be answered.
    expect((await poll(browser, first.id)).status).toBe("pending");
    expect(await phone.prompts(e164)).toEqual([
      expect.objectContaining({ requestId: first.truecaller.requestId, waited: true }),
    ]);
  });

  test("'replaces' ends only the caller's own waiting push of the same number", async () => {
    // Each browser holds its binding first: its starts are not twins of the other's.
    const browser = new TestBrowser(app.url);
    const stranger = new TestBrowser(app.url);
    await startPush(browser, number());
    await startPush(stranger, number());
    const e164 = number();
    const mine = await startPush(browser, e164);
    const ofAnotherNumber = await startPush(browser, number());
    const theirs = await startPush(stranger, e164);
    for (const replaces of [ofAnotherNumber.id, theirs.id, "no-such-id"]) {
      const response = await browser.fetch("/api/truecaller/deep-link", {
        json: { phone: e164, replaces },
      });
      expect(response.status).toBe(201);
    }
    expect((await poll(browser, ofAnotherNumber.id)).status).toBe("pending");
    expect((await poll(stranger, theirs.id)).status).toBe("pending");
    expect((await poll(browser, mine.id)).status).toBe("pending");
    // A deep link is no push: naming one ends nothing either.
    const linked = await startDeepLink(browser, e164);
    const again = await browser.fetch("/api/truecaller/deep-link", {
      json: { phone: e164, replaces: linked.id },
    });
    expect(again.status).toBe(201);
    expect((await poll(browser, linked.id)).status).toBe("pending");
  });

  test("the phone's owner declines, or picks another number", async () => {
    for (const [action, reason] of [
      ["decline", "user_rejected"],
      ["use-another-number", "use_another_number"],
    ] as const) {
      const browser = new TestBrowser(app.url);
      const e164 = number();
      const started = await startDeepLink(browser, e164);
      await phone.openLink(started.truecaller.deepLink!, e164);
      const nonce = new URL(started.truecaller.deepLink!).searchParams.get("requestNonce")!;
      const { body } = await phone.answer(action, nonce);
      expect(body.callback).toEqual({ delivered: true, attempts: 1, status: 200 });
      expect(await poll(browser, started.id)).toMatchObject({
        status: "rejected",
        reason,
        displayName: null,
      });
      expect(await findVerifiedPhone(e164)).toBeUndefined();
    }
  });

  test("no Truecaller on the phone: the link opens nothing, the verification waits", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number("1008");
    const started = await startDeepLink(browser, e164);
    expect(await phone.openLink(started.truecaller.deepLink!, e164)).toEqual({
      status: 200,
      body: { opened: false, reason: "not_registered" },
    });
    expect((await poll(browser, started.id)).status).toBe("pending");
  });

  test("the start endpoint refuses cross-site requests and bad numbers", async () => {
    const browser = new TestBrowser(app.url);
    const crossSite = await browser.fetch("/api/truecaller/deep-link", {
      json: { phone: number() },
      headers: { origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    const bad = await browser.fetch("/api/truecaller/deep-link", { json: { phone: "+1 000" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_phone");
    // An empty id is no id: refused as such, before anything is stored or counted.
    for (const field of ["session", "replaces"]) {
      const empty = await browser.fetch("/api/truecaller/deep-link", {
        json: { phone: number(), [field]: "" },
      });
      expect(empty.status).toBe(400);
      expect((await empty.json()).error.message).toBe(`${field} must not be empty.`);
    }
  });
});
