import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { callerFromCookies } from "@/lib/api/caller";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { reloadEnv } from "@/lib/env";
import { sessionsClient, SessionsApiError, verifyWebhook } from "@/lib/client/sessions-client";
import { cancelSession, refreshSession } from "@/lib/core/session-state";
import { serverCaller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { approve } from "@/lib/core/state-machine";
import { ApiError } from "@/lib/errors";
import { smsMethod } from "@/lib/methods/sms/handler";
import { getDb } from "@/lib/db/client";
import {
  sessions,
  verifications,
  verifiedPhones,
  webhookOutbox,
  type Session,
} from "@/lib/db/schema";
import { attemptsOf } from "@/lib/db/sessions";
import { insertVerification } from "@/lib/db/verifications";
import { hostedSession } from "@/lib/sessions/hosted";
import { RESULT_HANDOVER_MS } from "@/lib/sessions/sessions";
import { registerSessionSweep } from "@/lib/sessions/sweep";
import { deliverDue } from "@/lib/webhooks/outbox";
import { runWebhookTick } from "@/lib/webhooks/timer";
import { startTestApp, type TestApp } from "./app-server";
import { TestBrowser } from "./browser";
import { rejectionOf } from "./rejection";
import { allAtOnce, inboxSize, latestBody, latestCode } from "./sandbox";

// The sessions contract end to end over HTTP: an app's server with its key, a person's browser
// on the hosted flow, the token it brings back checked against our JWKS, and the webhooks
// checked as the standardwebhooks package checks them.
// Run by app/api/v1/sessions/sessions.*.test.ts on each database.
export function sessionsContract() {
  const SHOP_SECRET = "shop-secret-0123456789abcdefghij";
  const OTHER_SECRET = "other-secret-0123456789abcdefghi";
  const WEBHOOK_SECRET = `whsec_${Buffer.from("webhook-secret-of-the-shop-32bytes!").toString("base64")}`;
  const RETURN_URL = "https://shop.example/verified?step=2";

  type Received = { body: string; headers: Record<string, string> };
  let app: TestApp;
  let receiver: Server;
  const received: Received[] = [];
  let counter = 0;

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
        );
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    app = await startTestApp({
      API_KEYS: `shop:${SHOP_SECRET},other:${OTHER_SECRET}`,
      API_KEY_ORIGINS: "https://shop.example",
      API_KEY_ORIGINS_other: "https://other.example,http://localhost:4000",
      WEBHOOK_URL_shop: `http://127.0.0.1:${port}/hooks`,
      WEBHOOK_SECRET_shop: WEBHOOK_SECRET,
      WEBHOOK_ALLOW_PRIVATE: "1",
      WEBHOOK_INTERVAL: "0",
      SESSION_TTL: "600",
    });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  afterEach(() => resetClock());

  const shop = () => sessionsClient({ baseUrl: app.url, apiKey: SHOP_SECRET, keyId: "shop" });
  const other = () => sessionsClient({ baseUrl: app.url, apiKey: OTHER_SECRET, keyId: "other" });

  function freshPhone(): string {
    counter += 1;
    return `+1206555${String(4200 + counter)}`;
  }

  async function call(path: string, init: RequestInit & { key?: string; json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    if (init.key) headers.set("authorization", `Bearer ${init.key}`);
    if (init.json !== undefined) headers.set("content-type", "application/json");
    return fetch(`${app.url}${path}`, {
      ...init,
      method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      redirect: "manual",
    });
  }

  /**
   * A person's browser opening the session's url: its GET answers a page that binds nothing,
   * whose form (sent by the page's script, or by its Continue button) posts back to the url;
   * that binds the session, and the browser is on the hosted page.
   */
  async function open(url: string): Promise<TestBrowser> {
    const browser = new TestBrowser(app.url);
    const { action } = await openPage(browser, url);
    const response = await submit(browser, action);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(url.replace(/\/open$/, ""));
    return browser;
  }

  /** GET on a session's url: the page that opens it, and where its form posts. */
  async function openPage(browser: TestBrowser, url: string) {
    const response = await browser.fetch(new URL(url).pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    // No binding cookie: whoever fetched it holds nothing of the session.
    expect(response.headers.getSetCookie().filter((c) => c.includes("pv_binding"))).toEqual([]);
    const html = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    expect(form).not.toBeNull();
    return { html, action: form![1]!, response };
  }

  /** The page's form sent, as a browser sends a form with no fields: same-origin, empty. */
  function submit(browser: TestBrowser, action: string, headers: Record<string, string> = {}) {
    return browser.fetch(action, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
        ...headers,
      },
      body: "",
    });
  }

  /** Whether any browser holds the session yet. */
  async function bindingOf(id: string): Promise<string | null> {
    const [row] = await getDb()
      .select({ bindingHash: sessions.bindingHash })
      .from(sessions)
      .where(eq(sessions.id, id));
    return row!.bindingHash;
  }

  /** Verifies `phone` by SMS inside the session, as the hosted page does. */
  async function verifyBySms(browser: TestBrowser, sessionId: string, phone: string) {
    const started = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone, session: sessionId },
    });
    expect(started.status).toBe(201);
    const { verification } = await started.json();
    const code = await latestCode(app.url, phone);
    const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
      json: { code },
    });
    expect((await checked.json()).verification.status).toBe("approved");
    return verification.id as string;
  }

  /** Where /session/:id/return sends the browser, parsed. */
  async function comeBack(browser: TestBrowser, sessionId: string): Promise<URL> {
    const response = await browser.fetch(`/session/${sessionId}/return`);
    expect(response.status).toBe(303);
    return new URL(response.headers.get("location")!);
  }

  /**
   * Follows the redirects a browser would from `path`, the hosted page included (this server
   * has no pages: its redirects are hostedSession's, as app/session/[id]/page.tsx makes them;
   * an ended session's page goes on to its way back by itself), until it leaves for the app or
   * rests on a page. A loop fails the test.
   */
  async function follow(browser: TestBrowser, path: string): Promise<string[]> {
    const visited = [path];
    let next = path;
    while (visited.length < 10) {
      const page = /^\/session\/([^/]+)$/.exec(next);
      if (page) {
        const caller = callerFromCookies(browser.cookieHeader() || null, "en");
        const shown = await hostedSession(caller, page[1]!);
        if (shown.state === "unopened") next = shown.openUrl;
        else if (shown.state === "ended") next = shown.returnUrl;
        else return [...visited, `(page: ${shown.state})`];
      } else {
        const response = await browser.fetch(next);
        // The url's own page, whose form a browser's script would send (it binds nothing).
        if (response.status === 200 && next.endsWith("/open")) {
          return [...visited, "(the page that opens it)"];
        }
        expect(response.status).toBe(303);
        const location = response.headers.get("location")!;
        if (!location.startsWith(app.url)) return [...visited, location];
        next = location.slice(app.url.length);
      }
      expect(visited).not.toContain(next);
      visited.push(next);
    }
    throw new Error(`no end to the redirects: ${visited.join(" → ")}`);
  }

  async function webhooksOf(sessionId: string) {
    await deliverDue();
    return received
      .map((item) => verifyWebhook(WEBHOOK_SECRET, item.body, item.headers))
      .filter((event) => event.data.id === sessionId);
  }
  /**
   * Waits for exactly these webhooks of the session (a background run the ending kicked may be
   * delivering them), each checked as the standardwebhooks package checks it; returns them.
   */
  async function expectWebhooks(sessionId: string, types: string[]) {
    await expect
      .poll(async () => (await webhooksOf(sessionId)).map((event) => event.type))
      .toEqual(types);
    return webhooksOf(sessionId);
  }

  describe("API keys", () => {
    test("no key, a wrong key or a malformed header is 401 with the JSON error envelope", async () => {
      for (const headers of [
        {},
        { authorization: "Bearer wrong-secret-0123456789abcdef" },
        { authorization: SHOP_SECRET },
      ] as Record<string, string>[]) {
        const response = await call("/api/v1/sessions", {
          headers,
          json: { return_url: RETURN_URL },
        });
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect((await response.json()).error.code).toBe("unauthorized");
      }
    });

    test("a key sees only its own sessions", async () => {
      const { id } = await shop().createSession({ return_url: RETURN_URL });
      for (const path of [`/api/v1/sessions/${id}`]) {
        const response = await call(path, { key: OTHER_SECRET });
        expect(response.status).toBe(404);
      }
      const cancel = await call(`/api/v1/sessions/${id}/cancel`, {
        key: OTHER_SECRET,
        method: "POST",
      });
      expect(cancel.status).toBe(404);
      expect((await shop().getSession(id)).status).toBe("pending");
    });

    test("a cancel takes no body, or {}: anything else is refused and the session goes on", async () => {
      const { id } = await shop().createSession({ return_url: RETURN_URL });
      const cancel = (init: { headers?: Record<string, string>; body?: string }) =>
        call(`/api/v1/sessions/${id}/cancel`, { key: SHOP_SECRET, method: "POST", ...init });
      const json = { "content-type": "application/json" };
      for (const [init, status, code] of [
        [{ headers: json, body: '{"reason": "x", bogus' }, 400, "invalid_json"],
        [{ headers: json, body: '{"reason": "x"}' }, 400, "bad_request"],
        [
          { headers: { "content-type": "text/plain" }, body: "cancel" },
          415,
          "unsupported_media_type",
        ],
      ] as const) {
        const refused = await cancel(init);
        expect(refused.status).toBe(status);
        expect((await refused.json()).error.code).toBe(code);
        expect((await shop().getSession(id)).status).toBe("pending");
      }
      expect((await cancel({ headers: json, body: "{}" })).status).toBe(200);
      expect((await shop().getSession(id)).status).toBe("canceled");
    });
  });

  describe("creating a session", () => {
    test("answers 201 with the hosted url, pending, and its expiry", async () => {
      const response = await call("/api/v1/sessions", {
        key: SHOP_SECRET,
        json: {
          return_url: RETURN_URL,
          phone: "+12065550123",
          methods: ["sms"],
          reference: "order-7",
        },
      });
      expect(response.status).toBe(201);
      const body = await response.json();
      expect(body).toEqual({
        id: expect.stringMatching(/^ses_[A-Za-z0-9_-]{24}$/),
        url: `${app.url}/session/${body.id}/open`,
        status: "pending",
        expires_at: expect.any(String),
      });
      expect(Date.parse(body.expires_at) - Date.now()).toBeGreaterThan(590_000);
      const view = await shop().getSession(body.id);
      expect(view).toMatchObject({
        status: "pending",
        phone: "+12065550123",
        method: null,
        name: null,
        reference: "order-7",
        verified_at: null,
        attempts: [],
      });
    });

    test.each([
      ["http outside localhost", "http://shop.example/back"],
      ["an origin the key does not allow", "https://evil.example/back"],
      ["a look-alike origin", "https://shop.example.evil.example/back"],
      ["credentials", "https://user:pass@shop.example/back"],
      ["not a URL", "/back"],
      ["javascript", "javascript:alert(1)"],
    ])("refuses a return_url with %s (400)", async (_, returnUrl) => {
      const response = await call("/api/v1/sessions", {
        key: SHOP_SECRET,
        json: { return_url: returnUrl },
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe("bad_request");
    });

    test("http is allowed for localhost where the key allows that origin", async () => {
      const created = await other().createSession({ return_url: "http://localhost:4000/back" });
      expect(created.status).toBe("pending");
    });

    test.each([
      ["a bad number", { phone: "12" }, "invalid_phone"],
      ["an unknown method", { methods: ["carrier-pigeon"] }, "bad_request"],
      ["a method twice", { methods: ["sms", "sms"] }, "bad_request"],
      ["no methods", { methods: [] }, "bad_request"],
      ["a locale that is not a string", { locale: 7 }, "bad_request"],
      ["an absurdly long locale", { locale: `en-${"x".repeat(40)}` }, "bad_request"],
    ])("refuses %s (400), and makes nothing", async (_, extra, code) => {
      const before = (await getDb().select({ id: sessions.id }).from(sessions)).length;
      const response = await call("/api/v1/sessions", {
        key: SHOP_SECRET,
        json: { return_url: RETURN_URL, ...extra },
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe(code);
      expect((await getDb().select({ id: sessions.id }).from(sessions)).length).toBe(before);
    });

    test.each([
      ["no return_url", {}, "return_url is required."],
      [
        "a phone without its country code",
        { return_url: RETURN_URL, phone: "2065550123" },
        "phone must start with + and its country code, as in +12065550123.",
      ],
      ["an unknown field", { return_url: RETURN_URL, redirect: "x" }, 'Unknown field: "redirect".'],
      ["no methods", { return_url: RETURN_URL, methods: [] }, "methods must list at least 1 item."],
    ])("%s: a 400 that says what to change", async (_, json, message) => {
      const response = await call("/api/v1/sessions", { key: SHOP_SECRET, json });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBe(message);
    });

    test("a body that is not JSON is 415", async () => {
      const response = await call("/api/v1/sessions", {
        key: SHOP_SECRET,
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "return_url=https://shop.example",
      });
      expect(response.status).toBe(415);
    });
  });

  describe("the hosted flow", () => {
    test("verify by SMS → back to the app with a token our JWKS verifies → redeemed once → webhook", async () => {
      const phone = freshPhone();
      const client = shop();
      const created = await client.createSession({
        return_url: RETURN_URL,
        phone,
        reference: "order-9",
      });
      const browser = await open(created.url);
      expect(browser.cookie("pv_binding")).toBeDefined();
      const verificationId = await verifyBySms(browser, created.id, phone);

      const back = await comeBack(browser, created.id);
      expect(`${back.origin}${back.pathname}`).toBe("https://shop.example/verified");
      expect(back.searchParams.get("step")).toBe("2");
      expect(back.searchParams.get("session_id")).toBe(created.id);
      const token = back.searchParams.get("token")!;
      const claims = await client.verifyToken(token, { sessionId: created.id });
      expect(claims).toMatchObject({
        iss: app.url,
        aud: "shop",
        sub: phone,
        phone_number: phone,
        phone_number_verified: true,
        amr: ["sms"],
        sid: created.id,
        reference: "order-9",
      });
      expect(claims.exp! - claims.iat!).toBe(300);
      expect(claims.jti).toEqual(expect.any(String));

      const view = await client.redeemToken(created.id, token);
      expect(view).toMatchObject({
        status: "verified",
        phone,
        method: "sms",
        reference: "order-9",
      });
      expect(view.attempts).toEqual([{ method: "sms", status: "approved", reason: null }]);
      // A replayed token is refused.
      await expect(client.redeemToken(created.id, token)).rejects.toMatchObject({ status: 409 });
      const again = await comeBack(browser, created.id);
      expect(again.searchParams.get("token")).toBeNull();

      const [event] = await expectWebhooks(created.id, ["session.verified"]);
      expect(event).toMatchObject({
        type: "session.verified",
        data: { id: created.id, status: "verified", phone },
      });
      expect((await client.getSession(created.id)).verified_at).toEqual(expect.any(String));
      // The one attempt the session counts is the verification this browser ran and approved.
      expect(await attemptsOf(created.id)).toEqual([
        expect.objectContaining({
          id: verificationId,
          sessionId: created.id,
          method: "sms",
          phone,
          status: "approved",
        }),
      ]);
    });

    test("a token is for its own session and its own key", async () => {
      const phone = freshPhone();
      const first = await shop().createSession({ return_url: RETURN_URL, phone });
      const second = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(first.url);
      await verifyBySms(browser, first.id, phone);
      const token = (await comeBack(browser, first.id)).searchParams.get("token")!;
      await expect(shop().redeemToken(second.id, token)).rejects.toMatchObject({ status: 400 });
      const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
      await expect(shop().redeemToken(first.id, tampered)).rejects.toMatchObject({ status: 400 });
      await expect(shop().redeemToken(first.id, "not-a-jwt")).rejects.toBeInstanceOf(
        SessionsApiError,
      );
      // Another app's key does not even see the session, and its try spends nothing.
      await expect(other().redeemToken(first.id, token)).rejects.toMatchObject({ status: 404 });
      // A field this API does not take: refused by name, and the token is not spent.
      const extra = await call(`/api/v1/sessions/${first.id}/redeem`, {
        key: SHOP_SECRET,
        json: { token, bogus: true },
      });
      expect(extra.status).toBe(400);
      expect((await extra.json()).error.message).toBe('Unknown field: "bogus".');
      expect((await shop().redeemToken(first.id, token)).status).toBe("verified");
    });

    test("coming back twice (a reload, Back) brings the same token, and the first still redeems", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      const first = (await comeBack(browser, created.id)).searchParams.get("token")!;
      advanceClock(30_000);
      const again = (await comeBack(browser, created.id)).searchParams.get("token")!;
      expect(again).toBe(first);
      // Two at once (the countdown and the Continue tap): one token between them.
      const both = await Promise.all([
        comeBack(browser, created.id),
        comeBack(browser, created.id),
      ]);
      expect(both.map((back) => back.searchParams.get("token"))).toEqual([first, first]);
      expect((await shop().redeemToken(created.id, first)).status).toBe("verified");
      await expect(shop().redeemToken(created.id, again)).rejects.toMatchObject({ status: 409 });
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe(
        "already_redeemed",
      );
    });

    test("a token about to expire is not handed out again: a new one replaces it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      const first = (await comeBack(browser, created.id)).searchParams.get("token")!;
      advanceClock(250_000); // 50 of its 300 seconds left: too few to get to the app and back
      const second = (await comeBack(browser, created.id)).searchParams.get("token")!;
      expect(second).not.toBe(first);
      const claims = await shop().verifyToken(second, { sessionId: created.id });
      expect(claims.exp! * 1000 - now()).toBeGreaterThan(290_000);
      expect((await shop().redeemToken(created.id, second)).status).toBe("verified");
    });

    test("an expired token is refused by redeem, and a later one still works", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      const stale = (await comeBack(browser, created.id)).searchParams.get("token")!;
      advanceClock(301_000); // tokens live 5 minutes
      await expect(shop().redeemToken(created.id, stale)).rejects.toMatchObject({ status: 400 });
      const fresh = (await comeBack(browser, created.id)).searchParams.get("token")!;
      expect((await shop().redeemToken(created.id, fresh)).status).toBe("verified");
    });

    test("a GET binds nothing: a link previewer leaves the session to the person", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      // An email scanner, a chat's link preview: they fetch the url and run no script.
      for (const previewer of [new TestBrowser(app.url), new TestBrowser(app.url)]) {
        await openPage(previewer, created.url);
        // Even the hosted page, fetched without the script run, leads only back to the form.
        expect(await follow(previewer, `/session/${created.id}`)).toEqual([
          `/session/${created.id}`,
          `/session/${created.id}/open`,
          "(the page that opens it)",
        ]);
      }
      expect(await bindingOf(created.id)).toBeNull();
      // The person, later, still gets the session, and verifies in it.
      const browser = await open(created.url);
      expect(await bindingOf(created.id)).not.toBeNull();
      await verifyBySms(browser, created.id, phone);
      expect((await shop().getSession(created.id)).status).toBe("verified");
    });

    test("without methods, every method running here is allowed: PhoneCheck, Truecaller, SMS", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      const caller = callerFromCookies(browser.cookieHeader() || null, "en");
      const shown = await hostedSession(caller, created.id);
      expect(shown).toMatchObject({ state: "open", methods: ["phonecheck", "truecaller", "sms"] });
      const chosen = await shop().createSession({
        return_url: RETURN_URL,
        methods: ["sms", "phonecheck"],
      });
      const chosenBrowser = await open(chosen.url);
      const chosenCaller = callerFromCookies(chosenBrowser.cookieHeader() || null, "en");
      expect(await hostedSession(chosenCaller, chosen.id)).toMatchObject({
        methods: ["sms", "phonecheck"],
      });
    });

    test("the session's locale is the person's language: the code's SMS comes in it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone, locale: "es" });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      expect(await latestBody(app.url, phone)).toMatch(/No la compartas con nadie/);
    });

    test("the page posts to its own url by script, and by a Continue button without one", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL, locale: "es" });
      const browser = new TestBrowser(app.url);
      const { html, action, response } = await openPage(browser, created.url);
      const path = new URL(created.url).pathname;
      expect(action).toBe(path);
      // The button a browser without JavaScript shows, in the session's language.
      expect(html).toMatch(/<html lang="es">/);
      expect(html).toMatch(/<button type="submit"[^>]*>Continuar<\/button>/);
      expect(html).toContain("shop.example");
      // The script sends that same form at once; the page allows no other script.
      const script = /<script>([^<]+)<\/script>/.exec(html)![1]!;
      expect(script).toContain("submit()");
      const policy = response.headers.get("content-security-policy")!;
      const hash = createHash("sha256").update(script).digest("base64");
      expect(policy).toContain(`script-src 'sha256-${hash}'`);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(await bindingOf(created.id)).toBeNull();

      const bound = await submit(browser, action);
      expect(bound.status).toBe(303);
      expect(bound.headers.get("location")).toBe(`${app.url}/session/${created.id}`);
      expect(browser.cookie("pv_binding")).toEqual(expect.any(String));
      expect(browser.cookie("pv_locale")).toBe("es");
      expect(await bindingOf(created.id)).not.toBeNull();
      expect(await follow(browser, `/session/${created.id}`)).toEqual([
        `/session/${created.id}`,
        "(page: open)",
      ]);
      // Opened again in this browser: straight to the hosted page, no form to send.
      const again = await browser.fetch(path);
      expect(again.status).toBe(303);
      expect(again.headers.get("location")).toBe(`${app.url}/session/${created.id}`);
    });

    test.each([
      ["another origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
      ["another site, by Sec-Fetch-Site", { "sec-fetch-site": "cross-site" }],
      ["a garbled origin", { origin: "not a url" }],
    ])("a POST from %s is refused and binds nothing", async (_, headers) => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const forger = new TestBrowser(app.url);
      const forged = await submit(forger, new URL(created.url).pathname, headers);
      expect(forged.status).toBe(403);
      expect((await forged.json()).error.code).toBe("cross_site_request");
      expect(forger.cookie("pv_binding")).toBeUndefined();
      expect(await bindingOf(created.id)).toBeNull();
      await open(created.url);
    });

    test("two browsers on the page: the first to continue gets the session", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const [first, second] = [new TestBrowser(app.url), new TestBrowser(app.url)];
      const [{ action }] = [
        await openPage(first, created.url),
        await openPage(second, created.url),
      ];
      expect((await submit(first, action)).status).toBe(303);
      const late = await submit(second, action);
      expect(late.status).toBe(303);
      expect(second.cookie("pv_binding")).toBeUndefined();
      expect(await follow(second, `/session/${created.id}`)).toEqual([
        `/session/${created.id}`,
        "(page: elsewhere)",
      ]);
      // A GET once it is bound shows no form: the hosted page says where it was opened.
      const after = await new TestBrowser(app.url).fetch(new URL(created.url).pathname);
      expect(after.status).toBe(303);
      expect(after.headers.get("location")).toBe(`${app.url}/session/${created.id}`);
    });

    test("the url is bound to the first browser that opens it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      await open(created.url);
      const stranger = new TestBrowser(app.url);
      // The url in another browser: no form to send, the hosted page says it was opened elsewhere.
      const opened = await stranger.fetch(new URL(created.url).pathname);
      expect(opened.status).toBe(303);
      expect(opened.headers.get("location")).toBe(`${app.url}/session/${created.id}`);
      expect(await follow(stranger, `/session/${created.id}`)).toEqual([
        `/session/${created.id}`,
        "(page: elsewhere)",
      ]);
      // Its form sent anyway (a page loaded before the first browser continued): still nothing.
      expect((await submit(stranger, new URL(created.url).pathname)).status).toBe(303);
      expect(stranger.cookie("pv_binding")).toBeUndefined();
      const started = await stranger.fetch("/api/verifications", {
        json: { method: "sms", phone, session: created.id },
      });
      expect(started.status).toBe(403);
      const back = await stranger.fetch(`/session/${created.id}/return`);
      expect(back.headers.get("location")).toBe(`${app.url}/session/${created.id}`);
      expect((await shop().getSession(created.id)).attempts).toEqual([]);
    });

    test("the app's number cannot be changed, and only allowed methods start", async () => {
      const created = await shop().createSession({
        return_url: RETURN_URL,
        phone: freshPhone(),
        methods: ["sms"],
      });
      const browser = await open(created.url);
      const otherNumber = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone: freshPhone(), session: created.id },
      });
      expect(otherNumber.status).toBe(400);
      const notAllowed = await browser.fetch("/api/verifications", {
        json: { method: "truecaller", phone: "+12065550100", session: created.id },
      });
      expect(notAllowed.status).toBe(403);
      expect((await shop().getSession(created.id)).attempts).toEqual([]);
    });

    test("a failed attempt is recorded and the next one, in the same session, verifies it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone, session: created.id },
      });
      const { verification } = await started.json();
      const code = await latestCode(app.url, phone);
      const wrong = code === "000000" ? "111111" : "000000";
      for (let guess = 0; guess < 3; guess += 1) {
        await browser.fetch(`/api/verifications/${verification.id}/code`, {
          json: { code: wrong },
        });
      }
      expect((await shop().getSession(created.id)).status).toBe("pending");
      await verifyBySms(browser, created.id, phone);
      const view = await shop().getSession(created.id);
      expect(view.status).toBe("verified");
      expect(view.attempts.map((attempt) => attempt.status)).toEqual(["locked", "approved"]);
    });

    test("giving up sends the person back with error=abandoned and a session.failed webhook", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      const gaveUp = await browser.fetch(`/session/${created.id}/give-up`, { method: "POST" });
      expect(gaveUp.status).toBe(303);
      const back = await comeBack(browser, created.id);
      expect(back.searchParams.get("error")).toBe("abandoned");
      expect(back.searchParams.get("token")).toBeNull();
      expect((await shop().getSession(created.id)).status).toBe("failed");
      await expectWebhooks(created.id, ["session.failed"]);
    });

    test("giving up after the app canceled goes back with the app's ending, not an error page", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      await shop().cancelSession(created.id);
      const gaveUp = await browser.fetch(`/session/${created.id}/give-up`, { method: "POST" });
      expect(gaveUp.status).toBe(303);
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe("canceled");
      expect((await shop().getSession(created.id)).status).toBe("canceled");
    });

    test("Truecaller's deep link on an Android phone is an attempt of the session too", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      const started = await browser.fetch("/api/truecaller/deep-link", {
        json: { phone, session: created.id },
      });
      expect(started.status).toBe(201);
      expect((await shop().getSession(created.id)).attempts).toEqual([
        { method: "truecaller", status: "pending", reason: null },
      ]);
      const elsewhere = await browser.fetch("/api/truecaller/deep-link", {
        json: { phone: freshPhone(), session: created.id },
      });
      expect(elsewhere.status).toBe(400);
    });

    test("a cross-site give-up is refused", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      const forged = await browser.fetch(`/session/${created.id}/give-up`, {
        method: "POST",
        headers: { origin: "https://evil.example" },
      });
      expect(forged.status).toBe(403);
      expect((await shop().getSession(created.id)).status).toBe("pending");
    });
  });

  describe("a session that ended before or during its attempts", () => {
    test.each([
      [
        "canceled",
        (id: string) =>
          shop()
            .cancelSession(id)
            .then(() => undefined),
      ],
      ["expired", async () => advanceClock(601_000)],
    ])(
      "opening the link after it was %s ends at the app with that error, no loop",
      async (reason, end) => {
        const created = await shop().createSession({ return_url: RETURN_URL });
        await end(created.id);
        for (const path of [new URL(created.url).pathname, `/session/${created.id}`]) {
          const steps = await follow(new TestBrowser(app.url), path);
          const back = new URL(steps.at(-1)!);
          expect(`${back.origin}${back.pathname}`).toBe("https://shop.example/verified");
          expect(back.searchParams.get("session_id")).toBe(created.id);
          expect(back.searchParams.get("error")).toBe(reason);
          expect(back.searchParams.get("token")).toBeNull();
        }
      },
    );

    test("a browser the session was never bound to still goes back with the error once it ended", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      await open(created.url);
      const stranger = new TestBrowser(app.url);
      // Pending: the stranger is sent to the page (which says it was opened elsewhere).
      expect(await follow(stranger, `/session/${created.id}/return`)).toEqual([
        `/session/${created.id}/return`,
        `/session/${created.id}`,
        "(page: elsewhere)",
      ]);
      await shop().cancelSession(created.id);
      const back = new URL((await follow(stranger, `/session/${created.id}`)).at(-1)!);
      expect(back.searchParams.get("error")).toBe("canceled");
    });

    test("a code entered after the app canceled does not verify: the attempt ended with the session", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone, session: created.id },
      });
      const { verification } = await started.json();
      const code = await latestCode(app.url, phone);
      await shop().cancelSession(created.id);
      const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
        json: { code },
      });
      expect(checked.status).toBeGreaterThanOrEqual(400);
      const status = await (await browser.fetch(`/api/verifications/${verification.id}`)).json();
      expect(status.verification).toMatchObject({ status: "failed", reason: "session_ended" });
      const view = await shop().getSession(created.id);
      expect(view.status).toBe("canceled");
      expect(view.attempts).toEqual([{ method: "sms", status: "failed", reason: "session_ended" }]);
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe("canceled");
      const [event] = await expectWebhooks(created.id, ["session.canceled"]);
      expect(event!.data.attempts).toEqual(view.attempts);
    });

    test("giving up and expiry end the attempt under way too; its code is refused", async () => {
      for (const end of ["give-up", "expiry"] as const) {
        const phone = freshPhone();
        const created = await shop().createSession({ return_url: RETURN_URL, phone });
        const browser = await open(created.url);
        const started = await browser.fetch("/api/verifications", {
          json: { method: "sms", phone, session: created.id },
        });
        const { verification } = await started.json();
        const code = await latestCode(app.url, phone);
        if (end === "give-up") {
          await browser.fetch(`/session/${created.id}/give-up`, { method: "POST" });
        } else {
          advanceClock(601_000);
          expect((await shop().getSession(created.id)).status).toBe("expired");
        }
        const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
          json: { code },
        });
        expect(checked.status).toBeGreaterThanOrEqual(400);
        expect((await shop().getSession(created.id)).attempts).toEqual([
          { method: "sms", status: "failed", reason: "session_ended" },
        ]);
        resetClock();
      }
    });

    test("a start racing its session's end sends nothing and answers 409", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      await shop().cancelSession(created.id);
      // What the route's check let through just before the cancel: the start itself.
      const refused = await rejectionOf(
        start(smsMethod, serverCaller, { phone, sessionId: created.id }),
        ApiError,
      );
      expect(refused.code).toBe("conflict");
      expect(await inboxSize(app.url, phone)).toBe(0);
      const rows = await getDb()
        .select()
        .from(verifications)
        .where(eq(verifications.sessionId, created.id));
      expect(rows).toMatchObject([{ status: "failed", statusReason: "session_ended" }]);
    });

    test("an attempt left pending in an ended session cannot be approved", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      await shop().cancelSession(created.id);
      // What a start racing the cancel would leave: a pending attempt of the ended session.
      const at = now();
      const row = await insertVerification({
        id: `late-${created.id}`,
        method: "sms",
        phone: freshPhone(),
        sessionId: created.id,
        expiresAt: at + 600_000,
        createdAt: at,
        updatedAt: at,
      });
      expect(await approve(row, at)).toBeUndefined();
      const [stored] = await getDb()
        .select()
        .from(verifications)
        .where(eq(verifications.id, row.id));
      expect(stored!.status).toBe("pending");
      expect((await shop().getSession(created.id)).status).toBe("canceled");
    });

    test("a cancel that comes after an approval, before the session settled, verifies it instead", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone, session: created.id },
      });
      const { verification } = await started.json();
      const [pending] = await getDb().select().from(sessions).where(eq(sessions.id, created.id));
      // Approved, and the process stopped before it settled the session (which the cancel read
      // as pending).
      await getDb()
        .update(verifications)
        .set({ status: "approved", completedAt: now(), updatedAt: now() })
        .where(eq(verifications.id, verification.id));
      const after = await cancelSession(pending!);
      expect(after.status).toBe("verified");
      const view = await shop().getSession(created.id);
      expect(view).toMatchObject({ status: "verified", method: "sms" });
      expect(view.attempts).toEqual([{ method: "sms", status: "approved", reason: null }]);
      await expectWebhooks(created.id, ["session.verified"]);
    });

    /**
     * A session with one pending attempt, and its ending raced against the attempt's approval
     * (on PostgreSQL on two pooled connections). Whoever wins, the session and its attempt
     * agree: never an approved attempt (and a number recorded verified) in a session that
     * ended otherwise, never a verified session without its approved attempt.
     */
    async function raceApproval(ending: (session: Session) => Promise<unknown>) {
      const outcomes = new Set<string>();
      for (let round = 0; round < 30; round += 1) {
        const phone = freshPhone();
        const created = await shop().createSession({ return_url: RETURN_URL, phone });
        const [session] = await getDb().select().from(sessions).where(eq(sessions.id, created.id));
        const at = now();
        const attempt = await insertVerification({
          id: `race-${created.id}`,
          method: "sms",
          phone,
          sessionId: created.id,
          expiresAt: session!.expiresAt,
          createdAt: at,
          updatedAt: at,
        });
        // Either may start first: a few rounds each way, most at once.
        await allAtOnce(2, async (index) => {
          if (index === round % 3) await new Promise((resolve) => setImmediate(resolve));
          return index === 0 ? approve(attempt, session!.expiresAt) : ending(session!);
        });
        const [ended] = await getDb().select().from(sessions).where(eq(sessions.id, created.id));
        const [stored] = await getDb()
          .select()
          .from(verifications)
          .where(eq(verifications.id, attempt.id));
        const recorded = await getDb()
          .select()
          .from(verifiedPhones)
          .where(eq(verifiedPhones.verificationId, attempt.id));
        const announced = (await getDb().select().from(webhookOutbox))
          .filter((row) => JSON.parse(row.payload).data.id === created.id)
          .map((row) => row.type);
        const state = `${ended!.status}/${stored!.status}`;
        outcomes.add(state);
        if (ended!.status === "verified") {
          expect(state).toBe("verified/approved");
          expect(ended!.verificationId).toBe(attempt.id);
          expect(recorded).toHaveLength(1);
        } else {
          expect(state).toBe(`${ended!.status}/failed`);
          expect(recorded).toEqual([]);
        }
        expect(announced).toEqual([`session.${ended!.status}`]);
      }
      return outcomes;
    }

    test("a cancel racing an approval: the session is verified by it or canceled without it", async () => {
      const outcomes = await raceApproval((session) => cancelSession(session));
      expect(
        [...outcomes].every((state) => ["verified/approved", "canceled/failed"].includes(state)),
      ).toBe(true);
    });

    test("the expiry sweep racing an approval made in time: verified by it or expired without it", async () => {
      const outcomes = await raceApproval((session) =>
        refreshSession(session, session.expiresAt + 1),
      );
      expect(
        [...outcomes].every((state) => ["verified/approved", "expired/failed"].includes(state)),
      ).toBe(true);
    });

    test("an approval after the session's expiry, before any sweep, does not count: it is refused", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const [session] = await getDb().select().from(sessions).where(eq(sessions.id, created.id));
      const at = now();
      const row = await insertVerification({
        id: `late-${created.id}`,
        method: "sms",
        phone,
        sessionId: created.id,
        expiresAt: session!.expiresAt + 600_000,
        createdAt: at,
        updatedAt: at,
      });
      expect(await approve(row, session!.expiresAt + 1)).toBeUndefined();
      advanceClock(601_000);
      const view = await shop().getSession(created.id);
      expect(view.status).toBe("expired");
      expect(view.attempts).toEqual([{ method: "sms", status: "failed", reason: "session_ended" }]);
      const recorded = await getDb()
        .select()
        .from(verifiedPhones)
        .where(eq(verifiedPhones.verificationId, row.id));
      expect(recorded).toEqual([]);
    });

    test("a code timed out before the session ended cannot be resent after it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone, session: created.id },
      });
      const { verification } = await started.json();
      // Timed out, as the status view finds it, while the session is still pending.
      await getDb()
        .update(verifications)
        .set({ status: "expired", statusReason: "timed_out", expiresAt: now() - 1 })
        .where(eq(verifications.id, verification.id));
      await shop().cancelSession(created.id);
      advanceClock(60_000);
      const resent = await browser.fetch(`/api/verifications/${verification.id}/resend`, {
        json: {},
      });
      // Said as it is (the verification is finished), not as a cooldown to wait out.
      expect(resent.status).toBe(409);
      expect((await resent.json()).error.code).toBe("conflict");
      const [stored] = await getDb()
        .select()
        .from(verifications)
        .where(eq(verifications.id, verification.id));
      expect(stored!.status).toBe("expired");
      expect(stored!.sends).toBe(1);
    });

    test("a new code that could be asked for only after the session's end is not offered", async () => {
      // Sent with 20 s of the session's 600 left, a code's resend waits out its 30 s cooldown
      // after the session is over: its status says none can be sent.
      const late = await shop().createSession({ return_url: RETURN_URL, phone: freshPhone() });
      const lateBrowser = await open(late.url);
      advanceClock(580_000);
      const lateStart = await lateBrowser.fetch("/api/verifications", {
        json: { method: "sms", phone: (await shop().getSession(late.id)).phone, session: late.id },
      });
      expect(lateStart.status).toBe(201);
      const { verification: lateCode } = await lateStart.json();
      expect(lateCode.sms.resendAvailableAt).toBeNull();
      const lateStatus = await lateBrowser.fetch(`/api/verifications/${lateCode.id}`);
      expect((await lateStatus.json()).verification.sms.resendAvailableAt).toBeNull();

      // With time left, the same code's resend is offered after the cooldown.
      const early = await shop().createSession({ return_url: RETURN_URL, phone: freshPhone() });
      const earlyBrowser = await open(early.url);
      const earlyStart = await earlyBrowser.fetch("/api/verifications", {
        json: {
          method: "sms",
          phone: (await shop().getSession(early.id)).phone,
          session: early.id,
        },
      });
      const { verification: earlyCode } = await earlyStart.json();
      const resendIn = Date.parse(earlyCode.sms.resendAvailableAt) - now();
      expect(resendIn).toBeGreaterThan(25_000);
      expect(resendIn).toBeLessThanOrEqual(30_000);
    });
  });

  describe("the result token's lifetime", () => {
    test("it carries auth_time, the second the number was verified", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      advanceClock(90_000);
      const token = (await comeBack(browser, created.id)).searchParams.get("token")!;
      const claims = await shop().verifyToken(token, { sessionId: created.id });
      const verifiedAt = Date.parse((await shop().getSession(created.id)).verified_at!);
      expect(decodeJwt(token).auth_time).toBe(Math.floor(verifiedAt / 1000));
      expect(claims.iat! - Math.floor(verifiedAt / 1000)).toBeGreaterThanOrEqual(90);
    });

    test("no token is minted once the handover window after verification has passed", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      advanceClock(RESULT_HANDOVER_MS - 1000);
      expect((await comeBack(browser, created.id)).searchParams.get("token")).toEqual(
        expect.any(String),
      );
      advanceClock(2000);
      const late = await comeBack(browser, created.id);
      expect(late.searchParams.get("token")).toBeNull();
      expect(late.searchParams.get("error")).toBe("result_expired");
      expect(late.searchParams.get("session_id")).toBe(created.id);
      // Three days on, still none; the app can still read the session with its key.
      advanceClock(3 * 86_400_000);
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe(
        "result_expired",
      );
      expect((await shop().getSession(created.id)).status).toBe("verified");
    });
  });

  describe("integrator friction", () => {
    test.each([
      ["es-MX", "es"],
      ["en-US", "en"],
      ["ES", "es"],
      ["en_US", "en"],
      ["es_419", "es"],
      ["es-", "es"],
    ])("locale %s falls back to its language (%s)", async (locale, language) => {
      const created = await shop().createSession({ return_url: RETURN_URL, locale });
      const browser = await open(created.url);
      expect(browser.cookie("pv_locale")).toBe(language);
    });

    test.each([["fr"], ["fr-FR"], ["-MX"], ["zh-Hant-TW"], ["not a language"]])(
      "locale %s, which this server does not speak, is no error: the page speaks the browser's language",
      async (locale) => {
        const response = await call("/api/v1/sessions", {
          key: SHOP_SECRET,
          json: { return_url: RETURN_URL, locale },
        });
        expect(response.status).toBe(201);
        const created = await response.json();
        const [stored] = await getDb().select().from(sessions).where(eq(sessions.id, created.id));
        expect(stored!.locale).toBeNull();
        const browser = new TestBrowser(app.url);
        const page = await browser.fetch(new URL(created.url).pathname, {
          headers: { "accept-language": "es-ES,es;q=0.9" },
        });
        expect(await page.text()).toContain('<html lang="es">');
        expect(browser.cookie("pv_locale")).toBeUndefined();
      },
    );

    test("an unknown field is refused 400, named, and nothing is made", async () => {
      const count = async () => (await getDb().select({ id: sessions.id }).from(sessions)).length;
      const before = await count();
      const response = await call("/api/v1/sessions", {
        key: SHOP_SECRET,
        json: { return_url: RETURN_URL, method: ["sms"], referense: "x" },
      });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("bad_request");
      expect(error.message).toContain('"method"');
      expect(error.message).toContain('"referense"');
      expect(await count()).toBe(before);
    });
  });

  describe("endings the app sees", () => {
    test("an approval settles its session at once: the app hears before anyone reads it", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      await verifyBySms(await open(created.url), created.id, phone);
      await expectWebhooks(created.id, ["session.verified"]);
    });

    test("an overdue session nobody reads is expired by the tick, and its app hears it", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      await open(created.url);
      advanceClock(601_000);
      expect(await webhooksOf(created.id)).toEqual([]);
      registerSessionSweep();
      await runWebhookTick();
      await expectWebhooks(created.id, ["session.expired"]);
    });

    test("a session past its expiry is expired: API, return URL and webhook agree", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      advanceClock(601_000);
      expect((await shop().getSession(created.id)).status).toBe("expired");
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe("expired");
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone: freshPhone(), session: created.id },
      });
      expect(started.status).toBe(409);
      await expectWebhooks(created.id, ["session.expired"]);
    });

    test("cancel ends a pending session once; the person goes back with error=canceled", async () => {
      const created = await shop().createSession({ return_url: RETURN_URL });
      const browser = await open(created.url);
      expect((await shop().cancelSession(created.id)).status).toBe("canceled");
      await expect(shop().cancelSession(created.id)).rejects.toMatchObject({ status: 409 });
      expect((await comeBack(browser, created.id)).searchParams.get("error")).toBe("canceled");
      await expectWebhooks(created.id, ["session.canceled"]);
    });
  });

  describe("the attempts as the session shows them", () => {
    afterEach(() => {
      delete process.env.CODE_EXPIRATION;
      reloadEnv();
    });

    /** Codes that live `seconds`, shorter than the session's 600. */
    function codesLast(seconds: number) {
      process.env.CODE_EXPIRATION = String(seconds);
      reloadEnv();
    }

    /** Starts an SMS attempt in the session, as the hosted page does; its id. */
    async function startSms(browser: TestBrowser, sessionId: string, phone: string) {
      const started = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone, session: sessionId },
      });
      expect(started.status).toBe(201);
      return (await started.json()).verification.id as string;
    }

    test("a code timed out before the session ended reads expired, before and after the session's expiry", async () => {
      codesLast(300);
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await startSms(browser, created.id, phone);
      advanceClock(301_000);
      // Nothing touched the code since it timed out: read as the verification's own status is.
      const pending = await shop().getSession(created.id);
      expect(pending.status).toBe("pending");
      expect(pending.attempts).toEqual([{ method: "sms", status: "expired", reason: "timed_out" }]);
      advanceClock(300_000);
      const expired = await shop().getSession(created.id);
      expect(expired.status).toBe("expired");
      expect(expired.attempts).toEqual([{ method: "sms", status: "expired", reason: "timed_out" }]);
      const [event] = await expectWebhooks(created.id, ["session.expired"]);
      expect(event!.data.attempts).toEqual(expired.attempts);
    });

    test("a code under way when its session ran out reads session_ended, whichever is read first", async () => {
      codesLast(300);
      for (const first of ["session", "attempt"] as const) {
        const phone = freshPhone();
        const created = await shop().createSession({ return_url: RETURN_URL, phone });
        const browser = await open(created.url);
        // Started at 500 s: its code would run to 800 s, past the session's 600.
        advanceClock(500_000);
        const id = await startSms(browser, created.id, phone);
        advanceClock(400_000);
        if (first === "attempt") {
          const polled = await browser.fetch(`/api/verifications/${id}`);
          expect((await polled.json()).verification).toMatchObject({
            status: "failed",
            reason: "session_ended",
          });
        }
        const session = await shop().getSession(created.id);
        expect(session.status, first).toBe("expired");
        expect(session.attempts, first).toEqual([
          { method: "sms", status: "failed", reason: "session_ended" },
        ]);
        resetClock();
      }
    });

    test("a code still in its time when its session ran out: ended for the page, and for its actions", async () => {
      codesLast(300);
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      // Started at 400 s: its code runs to 700 s; the session ends at 600 s.
      advanceClock(400_000);
      const id = await startSms(browser, created.id, phone);
      const code = await latestCode(app.url, phone);
      advanceClock(201_000);
      // The attempt read first, nothing having read the session: over with it all the same.
      const polled = await browser.fetch(`/api/verifications/${id}`);
      expect((await polled.json()).verification).toMatchObject({
        status: "failed",
        reason: "session_ended",
      });
      // No new code, nor a cooldown to wait out: the session is over, and the way is back.
      const sends = await inboxSize(app.url, phone);
      const resent = await browser.fetch(`/api/verifications/${id}/resend`, { json: {} });
      expect(resent.status).toBe(409);
      expect((await resent.json()).error.message).toBe(
        "This verification has ended. Go back to the app to start again.",
      );
      const typed = await browser.fetch(`/api/verifications/${id}/code`, { json: { code } });
      expect(typed.status).toBe(409);
      expect((await typed.json()).error.message).toBe(
        "This verification has ended. Go back to the app to start again.",
      );
      expect(await inboxSize(app.url, phone)).toBe(sends);
      const session = await shop().getSession(created.id);
      expect(session.status).toBe("expired");
      expect(session.attempts).toEqual([
        { method: "sms", status: "failed", reason: "session_ended" },
      ]);
    });

    test("a cancel ends the attempt under way, and leaves the one that timed out before it expired", async () => {
      codesLast(300);
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      await startSms(browser, created.id, phone);
      advanceClock(301_000);
      await startSms(browser, created.id, phone);
      const canceled = await shop().cancelSession(created.id);
      const ended = [
        { method: "sms", status: "expired", reason: "timed_out" },
        { method: "sms", status: "failed", reason: "session_ended" },
      ];
      expect(canceled.attempts).toEqual(ended);
      expect((await shop().getSession(created.id)).attempts).toEqual(ended);
      const [event] = await expectWebhooks(created.id, ["session.canceled"]);
      expect(event!.data.attempts).toEqual(ended);
    });

    test("a verified session ends its other attempts: GET and the webhook agree", async () => {
      codesLast(300);
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: RETURN_URL, phone });
      const browser = await open(created.url);
      // One timed out, one left under way (another tab, say), and one that verifies.
      await startSms(browser, created.id, phone);
      advanceClock(301_000);
      const at = now();
      await insertVerification({
        id: `other-tab-${created.id}`,
        method: "truecaller",
        phone,
        sessionId: created.id,
        expiresAt: at + 120_000,
        createdAt: at,
        updatedAt: at,
      });
      advanceClock(1000);
      await verifyBySms(browser, created.id, phone);
      const view = await shop().getSession(created.id);
      expect(view.status).toBe("verified");
      expect(view.attempts).toEqual([
        { method: "sms", status: "expired", reason: "timed_out" },
        { method: "truecaller", status: "failed", reason: "session_ended" },
        { method: "sms", status: "approved", reason: null },
      ]);
      const [event] = await expectWebhooks(created.id, ["session.verified"]);
      expect(event!.data.attempts).toEqual(view.attempts);
      // Ended, not merely shown ended: its answer arriving now cannot approve it.
      const [other] = await getDb()
        .select()
        .from(verifications)
        .where(eq(verifications.id, `other-tab-${created.id}`));
      expect(other!.status).toBe("failed");
    });
  });

  describe("the way back's parameters", () => {
    const STALE =
      "https://shop.example/verified?step=2&token=stale.jwt&error=old&session_id=ses_old";

    test("verified: the new token and this session, no stale token, error or session_id", async () => {
      const phone = freshPhone();
      const created = await shop().createSession({ return_url: STALE, phone });
      const browser = await open(created.url);
      await verifyBySms(browser, created.id, phone);
      const back = await comeBack(browser, created.id);
      expect(back.searchParams.get("step")).toBe("2");
      expect(back.searchParams.getAll("session_id")).toEqual([created.id]);
      expect(back.searchParams.getAll("error")).toEqual([]);
      const tokens = back.searchParams.getAll("token");
      expect(tokens).toHaveLength(1);
      expect(tokens[0]).not.toBe("stale.jwt");
      await shop().verifyToken(tokens[0]!, { sessionId: created.id });
    });

    test("ended otherwise: the error alone, no stale token", async () => {
      const created = await shop().createSession({ return_url: STALE });
      const browser = await open(created.url);
      await shop().cancelSession(created.id);
      const back = await comeBack(browser, created.id);
      expect(back.searchParams.get("step")).toBe("2");
      expect(back.searchParams.getAll("session_id")).toEqual([created.id]);
      expect(back.searchParams.getAll("error")).toEqual(["canceled"]);
      expect(back.searchParams.getAll("token")).toEqual([]);
    });
  });

  describe("webhooks of a key without settings", () => {
    afterEach(() => {
      delete process.env.WEBHOOK_URL_othr;
      delete process.env.WEBHOOK_URL_other;
      delete process.env.WEBHOOK_SECRET_other;
      reloadEnv();
    });

    test("a key may do without: its sessions write none, though other keys have webhooks", async () => {
      const created = await other().createSession({ return_url: "https://other.example/back" });
      await other().cancelSession(created.id);
      const rows = await getDb()
        .select()
        .from(webhookOutbox)
        .where(eq(webhookOutbox.keyId, "other"));
      expect(rows).toEqual([]);
    });

    test("with a WEBHOOK_URL_<id> that names no key (a typo), written all the same and sent once fixed", async () => {
      process.env.WEBHOOK_URL_othr = process.env.WEBHOOK_URL_shop; // meant for "other"
      reloadEnv();
      const created = await other().createSession({ return_url: "https://other.example/back" });
      await other().cancelSession(created.id);
      await deliverDue();
      expect(await webhooksOf(created.id)).toEqual([]);
      delete process.env.WEBHOOK_URL_othr;
      process.env.WEBHOOK_URL_other = process.env.WEBHOOK_URL_shop;
      process.env.WEBHOOK_SECRET_other = WEBHOOK_SECRET;
      reloadEnv();
      advanceClock(60_000);
      const [event] = await expectWebhooks(created.id, ["session.canceled"]);
      expect(event).toMatchObject({ data: { id: created.id, status: "canceled" } });
    });
  });
}
