import { afterAll, beforeAll, expect, test } from "vitest";
import { sessionsClient } from "@/lib/client/sessions-client";
import { sha256 } from "@/lib/crypto";
import { findSession } from "@/lib/db/sessions";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";

// Opening a session's url binds it to the browser's binding cookie: that cookie must then last
// at least as long as the session, whenever the browser got it.

const SECRET = "shop-secret-0123456789abcdefghij";
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ API_KEYS: `shop:${SECRET}`, API_KEY_ORIGINS: "https://shop.example" });
});
afterAll(() => app.close());

async function newSession(): Promise<string> {
  const shop = sessionsClient({ baseUrl: app.url, apiKey: SECRET, keyId: "shop" });
  const { url } = await shop.createSession({ return_url: "https://shop.example/back" });
  return new URL(url).pathname;
}

/** The page's form, sent as a browser sends it. */
function submit(browser: TestBrowser, path: string) {
  return browser.fetch(path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
    },
    body: "",
  });
}

function bindingCookies(response: Response): string[] {
  return response.headers.getSetCookie().filter((cookie) => cookie.startsWith("pv_binding="));
}

test("a browser with a binding from an earlier visit gets it renewed when it takes a session", async () => {
  const browser = new TestBrowser(app.url);
  // Yesterday's visit: a verification gave this browser its binding.
  const earlier = await browser.fetch("/api/verifications", {
    json: { method: "sms", phone: "+12065557101" },
  });
  expect(earlier.status).toBe(201);
  const secret = browser.cookie("pv_binding")!;
  expect(secret).toEqual(expect.any(String));

  const path = await newSession();
  const opened = await submit(browser, path);
  expect(opened.status).toBe(303);
  expect(opened.headers.get("location")).toBe(`${app.url}${path.replace(/\/open$/, "")}`);
  expect(bindingCookies(opened)).toEqual([
    `pv_binding=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
  ]);
  // The same binding holds the session.
  const id = path.split("/")[2]!;
  expect((await findSession(id))?.bindingHash).toBe(sha256(secret));
});

test("a browser without one gets a new binding; the GET that shows the page sets none", async () => {
  const browser = new TestBrowser(app.url);
  const path = await newSession();
  const page = await browser.fetch(path);
  expect(page.status).toBe(200);
  expect(bindingCookies(page)).toEqual([]);
  const opened = await submit(browser, path);
  expect(opened.status).toBe(303);
  expect(bindingCookies(opened)).toEqual([
    expect.stringMatching(
      /^pv_binding=[\w-]{32,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=86400$/,
    ),
  ]);
});

test("a cross-site POST binds nothing", async () => {
  const browser = new TestBrowser(app.url);
  const path = await newSession();
  const forged = await browser.fetch(path, {
    method: "POST",
    headers: { origin: "https://evil.example" },
  });
  expect(forged.status).toBe(403);
  expect(bindingCookies(forged)).toEqual([]);
});

test("an id that no session has, whatever its characters, leads to the hosted page's 404, never a 500", async () => {
  const browser = new TestBrowser(app.url);
  // Each decodes to characters a Location header cannot carry as they are.
  for (const raw of ["%0d%0a", "%E2%80%A8", "a%00b", "%7F", "%F0%9F%98%80"]) {
    const hosted = `${app.url}/session/${encodeURIComponent(decodeURIComponent(raw))}`;
    const open = await browser.fetch(`/session/${raw}/open`);
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(hosted);
    const taken = await submit(browser, `/session/${raw}/open`);
    expect(taken.status).toBe(303);
    expect(taken.headers.get("location")).toBe(hosted);
    const back = await browser.fetch(`/session/${raw}/return`);
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(hosted);
    const giveUp = await submit(browser, `/session/${raw}/give-up`);
    expect(giveUp.status).toBe(303);
    expect(giveUp.headers.get("location")).toBe(`${hosted}/return`);
  }
});
