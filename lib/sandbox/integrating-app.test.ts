import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { latestCode } from "@/lib/testing/sandbox";
import { APP_SESSION_COOKIE, checkReturn } from "./integrating-app";

// The sandbox's integrating app (/sandbox/app) as the reference integration: on the way back it
// shows a session only to the browser it made that session for, and checks the token against
// the session it remembers, never against the session_id the query string names.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function freshPhone(): string {
  counter += 1;
  return `+1206555${String(6300 + counter)}`;
}

/** The integrating app's "Start a session" in `browser`, the hosted page opened in it. */
async function startSession(browser: TestBrowser, phone: string) {
  const response = await browser.fetch("/api/sandbox/sessions", {
    json: { phone, methods: ["sms"] },
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { id: string; url: string };
  const page = await browser.fetch(new URL(created.url).pathname);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())![1]!;
  await browser.fetch(action, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
    },
    body: "",
  });
  return created;
}

/** Verifies the session by SMS in `browser` and follows the way back: the return's query. */
async function verifiedReturn(browser: TestBrowser, id: string, phone: string) {
  const started = await browser.fetch("/api/verifications", {
    json: { method: "sms", phone, session: id },
  });
  const { verification } = (await started.json()) as { verification: { id: string } };
  await browser.fetch(`/api/verifications/${verification.id}/code`, {
    json: { code: await latestCode(app.url, phone) },
  });
  const back = await browser.fetch(`/session/${id}/return`);
  const query = new URL(back.headers.get("location")!).searchParams;
  return {
    session_id: query.get("session_id") ?? undefined,
    token: query.get("token") ?? undefined,
  };
}

test("the app remembers the session it made for this browser, in an httpOnly cookie", async () => {
  const browser = new TestBrowser(app.url);
  const response = await browser.fetch("/api/sandbox/sessions", {
    json: { methods: ["sms"] },
  });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(APP_SESSION_COOKIE));
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(browser.cookie(APP_SESSION_COOKIE)).toContain(id);
});

test("its own session comes back verified: the token checks out against the remembered one", async () => {
  const browser = new TestBrowser(app.url);
  const phone = freshPhone();
  const { id } = await startSession(browser, phone);
  const params = await verifiedReturn(browser, id, phone);
  const check = await checkReturn(params, browser.cookieHeader());
  expect(check).toMatchObject({ state: "own", sessionId: id, tokenProblem: null });
  if (check?.state !== "own") throw new Error("not own");
  expect(check.claims).toMatchObject({ sid: id, phone_number: phone });
  expect(check.session).toMatchObject({ id, status: "verified", phone });
});

test("a session this browser did not start here shows nothing: another browser, a forged cookie", async () => {
  const owner = new TestBrowser(app.url);
  const phone = freshPhone();
  const { id } = await startSession(owner, phone);
  const params = await verifiedReturn(owner, id, phone);

  // Someone who holds the return url (a shared link, a log) but not the owner's cookie.
  expect(await checkReturn(params, null)).toEqual({ state: "foreign" });
  const stranger = new TestBrowser(app.url);
  await startSession(stranger, freshPhone());
  expect(await checkReturn(params, stranger.cookieHeader())).toEqual({ state: "foreign" });
  // A cookie that names the session without the app's MAC is not the app's.
  for (const forged of [id, `${id}.${"0".repeat(64)}`, `${id}.`]) {
    expect(await checkReturn(params, `${APP_SESSION_COOKIE}=${forged}`)).toEqual({
      state: "foreign",
    });
  }
  // Nothing came back at all: no session to speak of.
  expect(await checkReturn({}, owner.cookieHeader())).toBeUndefined();
});

test("the token is checked against the remembered session, not against the query's session_id", async () => {
  // The stranger verified a session of their own and brings its token to the owner's return
  // url under the owner's session_id: the token's sid is not the owner's session.
  const owner = new TestBrowser(app.url);
  const { id } = await startSession(owner, freshPhone());
  const stranger = new TestBrowser(app.url);
  const phone = freshPhone();
  const theirs = await startSession(stranger, phone);
  const { token } = await verifiedReturn(stranger, theirs.id, phone);
  const check = await checkReturn({ session_id: id, token }, owner.cookieHeader());
  expect(check).toMatchObject({ state: "own", sessionId: id, claims: null });
  if (check?.state !== "own") throw new Error("not own");
  expect(check.tokenProblem).toMatch(/sid/);
});
