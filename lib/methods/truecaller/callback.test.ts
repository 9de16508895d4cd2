import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { swapProviderState } from "@/lib/core/state-machine";
import { findVerification } from "@/lib/db/verifications";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { allAtOnce } from "@/lib/testing/sandbox";
import {
  poll,
  postCallback,
  profileRequests,
  recordFetches,
  startDeepLink,
  startPush,
  statusCounts,
  validToken,
  verificationRow,
} from "@/lib/testing/truecaller";
import { stateText } from "./state";

// The callback is an unauthenticated POST (docs/security.md#truecaller-callback): every case below is what
// anyone on the internet can send. None may approve anything, and a forged `endpoint` must not
// make the server send a single request anywhere.

let app: TestApp;
let attacker: Awaited<ReturnType<typeof profileHost>>;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
  // A host that would happily vouch for any number, if it were ever asked.
  attacker = await profileHost();
});
afterAll(async () => {
  await attacker.close();
  await app.close();
});
afterEach(() => {
  resetClock();
  vi.restoreAllMocks();
});

function number(): string {
  counter += 1;
  return `+1425${300 + counter}${2000 + counter}`;
}

function nonceOf(dto: { truecaller: { deepLink: string | null } }): string {
  return new URL(dto.truecaller.deepLink!).searchParams.get("requestNonce")!;
}

/** Posts a hostile callback and checks it was acknowledged (2xx: Truecaller stops retrying). */
async function acknowledged(body: unknown) {
  const answer = await postCallback(app.url, body);
  expect(answer.status).toBe(200);
  return answer;
}

describe("requestIds that select nothing", () => {
  test("an unknown requestId: acknowledged, nothing changes, nothing is fetched", async () => {
    await startPush(new TestBrowser(app.url), number());
    const counts = statusCounts();
    const fetched = await profileRequests();
    await acknowledged({ requestId: "bm90LWEtcmVxdWVzdA==", accessToken: "a".repeat(40) });
    await acknowledged({ requestId: "bm90LWEtcmVxdWVzdA==", status: "user_rejected" });
    expect(statusCounts()).toEqual(counts);
    expect(await profileRequests()).toBe(fetched);
  });

  test("an expired request: acknowledged, no profile request, and it stays unapproved", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const token = await validToken(e164);
    advanceClock(600_001);
    const fetched = await profileRequests();
    await acknowledged({ requestId: started.truecaller.requestId, accessToken: token });
    expect(await profileRequests()).toBe(fetched);
    expect(await poll(browser, started.id)).toMatchObject({
      status: "expired",
      reason: "timed_out",
    });
  });

  test("an overdue request is expired by its callback, under the one expiry reason", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    advanceClock(600_001);
    await acknowledged({ requestId: started.truecaller.requestId, status: "user_rejected" });
    // Expired by the callback itself, before any poll reads it.
    expect(verificationRow(started.id)).toMatchObject({
      status: "expired",
      status_reason: "timed_out",
    });
  });

  test("a finished request: a second token, a rejection or a replay change nothing", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const requestId = started.truecaller.requestId!;
    const first = { requestId, accessToken: await validToken(e164) };
    await acknowledged(first);
    expect((await poll(browser, started.id)).status).toBe("approved");
    const row = verificationRow(started.id);
    const fetched = await profileRequests();

    await acknowledged(first);
    await acknowledged({ requestId, accessToken: await validToken(e164) });
    await acknowledged({ requestId, status: "user_rejected" });
    await acknowledged({
      requestId,
      accessToken: "x".repeat(30),
      endpoint: `${attacker.url}/v1/default`,
    });
    expect(verificationRow(started.id)).toEqual(row);
    expect(await profileRequests()).toBe(fetched);
  });

  test("a request already declined cannot be approved by a later token", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const requestId = started.truecaller.requestId!;
    await acknowledged({ requestId, status: "user_rejected" });
    await acknowledged({ requestId, accessToken: await validToken(e164) });
    expect(await poll(browser, started.id)).toMatchObject({
      status: "rejected",
      reason: "user_rejected",
    });
    expect(await findVerifiedPhone(e164)).toBeUndefined();
  });
});

describe("replays and races", () => {
  test("a yes that came in time counts, though the profile comes after the expiry and the page polls meanwhile", async () => {
    const browser = new TestBrowser(app.url);
    // …1407: the emulator's profile answers after 4 s.
    const e164 = "+12535551407";
    const started = await startPush(browser, e164);
    const row = (await findVerification(started.id))!;
    advanceClock(row.expiresAt - now() - 1_000);
    await acknowledged({
      requestId: started.truecaller.requestId,
      accessToken: await validToken(e164),
    });
    // Past the expiry while the profile is on its way: the poll waits for it, not expires it.
    advanceClock(2_000);
    expect(await poll(browser, started.id)).toMatchObject({ status: "approved" });
    expect(await findVerifiedPhone(e164)).toMatchObject({ verificationId: started.id });
  });

  test("a profile fetch that never finished (its process died): once past its timeout, the next poll ends it, failed", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    // What a process that died mid-fetch leaves: the row claimed for a fetch nobody runs.
    const row = (await findVerification(started.id))!;
    expect(await swapProviderState(row, stateText("push", "fetching"), now())).toBeDefined();
    // Within the fetch's time (8 s by default) it may still come: the row waits.
    expect(await poll(browser, started.id)).toMatchObject({ status: "pending" });
    advanceClock(5_000);
    expect(await poll(browser, started.id)).toMatchObject({ status: "pending" });
    // A callback meanwhile is one the lost fetch already took: not used.
    await acknowledged({
      requestId: started.truecaller.requestId,
      accessToken: await validToken(e164),
    });
    advanceClock(20_000);
    expect(await poll(browser, started.id)).toMatchObject({
      status: "failed",
      reason: "provider_error",
    });
    expect(await findVerifiedPhone(e164)).toBeUndefined();
  });

  test("the same callback 10 times at once: one profile request, one approval", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const body = { requestId: started.truecaller.requestId, accessToken: await validToken(e164) };
    const fetched = await profileRequests();
    const answers = await allAtOnce(10, () => postCallback(app.url, body));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await poll(browser, started.id)).toMatchObject({ status: "approved" });
    expect(await profileRequests()).toBe(fetched + 1);
  });

  test("a forged token arriving first is the one used: it fails, and the real one is then ignored", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const requestId = started.truecaller.requestId!;
    await acknowledged({ requestId, accessToken: "forged-token-forged-token" });
    await acknowledged({ requestId, accessToken: await validToken(e164) });
    expect(await poll(browser, started.id)).toMatchObject({
      status: "failed",
      reason: "token_rejected",
    });
    expect(await findVerifiedPhone(e164)).toBeUndefined();
  });
});

describe("tokens that do not prove the number", () => {
  test("a token for someone else's profile (flow A): failed, profile_mismatch", async () => {
    const browser = new TestBrowser(app.url);
    const victim = number();
    const started = await startPush(browser, victim);
    // The attacker approves on their own Truecaller and replays their token for the victim's request.
    await acknowledged({
      requestId: started.truecaller.requestId,
      accessToken: await validToken(number()),
    });
    expect(await poll(browser, started.id)).toMatchObject({
      status: "failed",
      reason: "profile_mismatch",
      displayName: null,
    });
    expect(await findVerifiedPhone(victim)).toBeUndefined();
  });

  test("a token for someone else's profile (flow B): failed, profile_mismatch", async () => {
    const browser = new TestBrowser(app.url);
    const started = await startDeepLink(browser, number());
    await acknowledged({
      requestId: nonceOf(started),
      accessToken: await validToken(number()),
      endpoint: `${app.url}/api/sandbox/truecaller/v1/default`,
    });
    expect(await poll(browser, started.id)).toMatchObject({
      status: "failed",
      reason: "profile_mismatch",
    });
  });

  test("an unknown status: failed, never approved", async () => {
    const browser = new TestBrowser(app.url);
    const started = await startPush(browser, number());
    await acknowledged({ requestId: started.truecaller.requestId, status: "access_granted" });
    expect(await poll(browser, started.id)).toMatchObject({
      status: "failed",
      reason: "provider_error",
    });
  });
});

describe("a forged endpoint causes no outbound request", () => {
  const hostile = () => [
    `${attacker.url}/v1/default`,
    "http://profile4-noneu.truecaller.com/v1/default",
    "https://profile4-noneu.truecaller.com.evil.example/v1/default",
    "https://evil.example/v1/default",
    "https://profile4-noneu.truecaller.com:8443/v1/default",
    "https://attacker@profile4-noneu.truecaller.com/v1/default",
    "https://profile4-noneu.truecaller.com/v1/other",
    `${app.url}/api/sandbox/truecaller/v1/default?via=attacker`,
    `${app.url}/api/truecaller/callback`,
    "file:///etc/passwd",
    "not a url",
  ];

  test("flow B: each hostile endpoint fails the verification, and nothing leaves the server", async () => {
    for (const endpoint of hostile()) {
      const browser = new TestBrowser(app.url);
      const e164 = number();
      const started = await startDeepLink(browser, e164);
      const token = await validToken(e164);
      attacker.vouchFor = e164;
      const fetched = await profileRequests();
      const fetches = recordFetches();
      await acknowledged({ requestId: nonceOf(started), accessToken: token, endpoint });
      expect(await poll(browser, started.id), endpoint).toMatchObject({
        status: "failed",
        reason: "untrusted_endpoint",
      });
      // The only requests: the test's own callback POST and poll.
      expect(fetches.urls(), endpoint).toEqual([
        `${app.url}/api/truecaller/callback`,
        `${app.url}/api/verifications/${started.id}`,
      ]);
      expect(await profileRequests(), endpoint).toBe(fetched);
      vi.restoreAllMocks();
    }
    expect(attacker.hits).toBe(0);
  });

  test("flow A: an endpoint in the callback is ignored; the fixed profile host is asked", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    attacker.vouchFor = e164;
    const fetches = recordFetches();
    await acknowledged({
      requestId: started.truecaller.requestId,
      accessToken: await validToken(e164),
      endpoint: `${attacker.url}/v1/default`,
    });
    expect(await poll(browser, started.id)).toMatchObject({ status: "approved" });
    expect(fetches.urls()).toContain(`${app.url}/api/sandbox/truecaller/v1/default`);
    expect(fetches.urls().some((url) => url.startsWith(attacker.url))).toBe(false);
    expect(attacker.hits).toBe(0);
  });

  test("flow B without an endpoint: the fixed profile host", async () => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startDeepLink(browser, e164);
    await acknowledged({ requestId: nonceOf(started), accessToken: await validToken(e164) });
    expect(await poll(browser, started.id)).toMatchObject({ status: "approved" });
  });
});

describe("bodies that are not callbacks", () => {
  test.each([
    ["not JSON", "{nope", "application/json", 400],
    ["not JSON, sent as text/plain", "requestId=r&accessToken=t", "text/plain", 400],
    ["no requestId", '{"accessToken":"t"}', "application/json", 400],
    ["neither token nor status", '{"requestId":"r"}', "application/json", 400],
    [
      "a token with a header break",
      '{"requestId":"r","accessToken":"a\\r\\nX: 1"}',
      "application/json",
      400,
    ],
    ["an array", "[]", "application/json", 400],
  ])("%s: refused 4xx, nothing changes", async (_name, body, type, status) => {
    await startPush(new TestBrowser(app.url), number());
    const counts = statusCounts();
    const response = await fetch(`${app.url}/api/truecaller/callback`, {
      method: "POST",
      headers: { "Content-Type": type },
      body,
    });
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBeTruthy();
    expect(statusCounts()).toEqual(counts);
  });
});

/** The attacker's profile host: it vouches for whichever number it is told to. */
async function profileHost() {
  const state = { hits: 0, vouchFor: "" };
  const server: Server = createServer((_request, response) => {
    state.hits += 1;
    response.setHeader("Content-Type", "application/json");
    response.end(
      JSON.stringify({
        phoneNumbers: [state.vouchFor.replace(/^\+/, "")],
        name: { first: "Mallory" },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
