import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionsClient } from "@/lib/client/sessions-client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";

// A refusal's way on is one the person has where it is said: "or verify another way" where
// other methods are offered, not in an app's session that allows one method alone.

const SECRET = "shop-secret-0123456789abcdefghij";
let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({
    API_KEYS: `shop:${SECRET}`,
    API_KEY_ORIGINS: "https://shop.example",
    // One start per client address an hour: every test's second start is refused.
    TRUECALLER_STARTS_PER_IP_PER_HOUR: "1",
    PHONECHECK_STARTS_PER_IP_PER_HOUR: "1",
    SMS_SENDS_PER_IP_PER_HOUR: "1",
  });
});
afterAll(() => app.close());

function freshPhone(): string {
  counter += 1;
  return `+1425555${String(3100 + counter)}`;
}

/** A session of the shop's, opened in a browser as its hosted page does. */
async function openSession(methods: string[]) {
  const shop = sessionsClient({ baseUrl: app.url, apiKey: SECRET, keyId: "shop" });
  const phone = freshPhone();
  const created = await shop.createSession({
    return_url: "https://shop.example/back",
    phone,
    methods: methods as ("phonecheck" | "truecaller" | "sms")[],
  });
  const browser = new TestBrowser(app.url);
  const page = await (await browser.fetch(new URL(created.url).pathname)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
  const opened = await browser.fetch(action, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
    },
    body: "",
  });
  expect(opened.status).toBe(303);
  return { browser, phone, session: created.id };
}

async function startIn(methods: string[], method: string) {
  const { browser, phone, session } = await openSession(methods);
  return browser.fetch("/api/verifications", { json: { method, phone, session } });
}

describe.each([
  {
    method: "truecaller",
    others: "Too many Truecaller requests right now. Try again later, or verify another way.",
    alone: "Too many Truecaller requests right now. Try again later.",
  },
  {
    method: "phonecheck",
    others: "The mobile data check is busy right now. Try again later, or verify another way.",
    alone: "The mobile data check is busy right now. Try again later.",
  },
  {
    method: "sms",
    others:
      "Too many codes have been requested from your network. Try again later, or choose another way to verify.",
    alone: "Too many codes have been requested from your network. Try again later.",
  },
])("$method, refused for the address's budget", ({ method, others, alone }) => {
  test("offers another way where the session allows others, none where it allows this one alone", async () => {
    expect((await startIn([method], method)).status).toBe(201);

    const single = await startIn([method], method);
    expect(single.status).toBe(429);
    expect(single.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await single.json()).error).toMatchObject({ code: "rate_limited", message: alone });

    const withOthers = await startIn(["truecaller", "phonecheck", "sms"], method);
    expect(withOthers.status).toBe(429);
    expect((await withOthers.json()).error.message).toBe(others);

    // Outside any session (the browser API, the guides' APIs): every method here is a way on.
    const outside = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method, phone: freshPhone() },
    });
    expect(outside.status).toBe(429);
    expect((await outside.json()).error.message).toBe(others);
  });
});
