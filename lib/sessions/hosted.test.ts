import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { sessionsClient } from "@/lib/client/sessions-client";
import { reloadEnv } from "@/lib/env";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { latestCode } from "@/lib/testing/sandbox";
import { startReceiver, type TestReceiver } from "@/lib/testing/webhook-receiver";
import { clearOutbox, webhookSettings } from "@/lib/testing/webhooks";
import { webhookTick } from "@/lib/webhooks/timer";
import { nudgeWebhooks } from "./webhook-nudge";

// The person's side of a session over HTTP: what its pages learn when it ends under them
// (GET /session/:id/state), the words its refusals say in the person's language, and the
// webhook retries that the hosted flow's requests move on where no timer runs (Vercel).

const SECRET = "s".repeat(32);
const RETURN_URL = "https://app.example.com/back";

let app: TestApp;
let receiver: TestReceiver;
let counter = 0;
const nudged = globalThis as unknown as { phoneVerifyWebhookNudgedAt?: number };

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({
    ...webhookSettings(`${receiver.origin}/hook`),
    SESSION_TTL: "600",
    WEBHOOK_INTERVAL: "0",
  });
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});
beforeEach(async () => {
  await clearOutbox();
  receiver.requests.length = 0;
  receiver.answer = () => ({ status: 204 });
  delete nudged.phoneVerifyWebhookNudgedAt;
});
afterEach(() => {
  resetClock();
  delete process.env.VERCEL;
  reloadEnv();
});

const api = () => sessionsClient({ baseUrl: app.url, apiKey: SECRET, keyId: "app" });

function freshPhone(): string {
  counter += 1;
  return `+1206555${String(6100 + counter)}`;
}

/** A person's browser, in `language`, that opened the session's url (and so holds it). */
async function opened(url: string, language = "en"): Promise<TestBrowser> {
  const browser = new TestBrowser(app.url);
  const page = await browser.fetch(new URL(url).pathname, {
    headers: { "accept-language": language },
  });
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())![1]!;
  const bound = await browser.fetch(action, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
    },
    body: "",
  });
  expect(bound.status).toBe(303);
  return browser;
}

async function stateOf(
  browser: TestBrowser,
  id: string,
): Promise<{ ended: boolean; expires_in?: number }> {
  const response = await browser.fetch(`/session/${id}/state`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("no-store");
  return (await response.json()) as { ended: boolean; expires_in?: number };
}

async function returnedTo(browser: TestBrowser, id: string): Promise<URL> {
  const response = await browser.fetch(`/session/${id}/return`);
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!);
}

/** A session for a fresh number, opened by a browser that started its SMS attempt. */
async function smsAttempt() {
  const phone = freshPhone();
  const created = await api().createSession({ return_url: RETURN_URL, phone, methods: ["sms"] });
  const browser = await opened(created.url);
  const started = await browser.fetch("/api/verifications", {
    json: { method: "sms", phone, session: created.id },
  });
  expect(started.status).toBe(201);
  const { verification } = (await started.json()) as { verification: { id: string } };
  return { phone, created, browser, verification };
}

test("the pages learn that the app canceled the session, and the way back carries error=canceled", async () => {
  const { created, browser } = await smsAttempt();
  expect(await stateOf(browser, created.id)).toMatchObject({ ended: false });

  await api().cancelSession(created.id);
  expect(await stateOf(browser, created.id)).toEqual({ ended: true });
  const back = await returnedTo(browser, created.id);
  expect(back.origin + back.pathname).toBe(RETURN_URL);
  expect(back.searchParams.get("error")).toBe("canceled");
});

test("a code typed after the app canceled the session is 409, as a resend is: the verification exists, it has ended", async () => {
  const { phone, created, browser, verification } = await smsAttempt();
  const code = await latestCode(app.url, phone);
  await api().cancelSession(created.id);

  const typed = await browser.fetch(`/api/verifications/${verification.id}/code`, {
    json: { code },
  });
  expect(typed.status).toBe(409);
  expect((await typed.json()).error).toMatchObject({
    code: "conflict",
    message: "This verification has ended. Go back to the app to start again.",
  });
  const resent = await browser.fetch(`/api/verifications/${verification.id}/resend`, { json: {} });
  expect(resent.status).toBe(409);
  // In the same words.
  expect((await resent.json()).error.message).toBe(
    "This verification has ended. Go back to the app to start again.",
  );
  // Its status still answers this browser, ended; no session was issued.
  expect((await browser.fetch(`/api/verifications/${verification.id}`)).status).toBe(200);
  expect(browser.cookie("pv_session")).toBeUndefined();
});

test("the browser that holds a pending session learns its seconds left, by the server's clock; no other browser does", async () => {
  const created = await api().createSession({ return_url: RETURN_URL, methods: ["sms"] });
  const browser = await opened(created.url);
  const ttl = (Date.parse(created.expires_at) - now()) / 1000;
  const first = await stateOf(browser, created.id);
  expect(first.ended).toBe(false);
  expect(first.expires_in).toBeGreaterThan(ttl - 5);
  expect(first.expires_in).toBeLessThanOrEqual(Math.ceil(ttl));
  advanceClock(500_000);
  const later = await stateOf(browser, created.id);
  expect(later.expires_in).toBeLessThanOrEqual(Math.ceil(ttl) - 500);
  expect(later.expires_in).toBeGreaterThan(ttl - 505);
  // Another browser knows the id but not the session: nothing of it, only that it is not over.
  expect(await stateOf(new TestBrowser(app.url), created.id)).toEqual({ ended: false });
});

test("the pages learn that the session expired, with no other request to end it", async () => {
  const created = await api().createSession({ return_url: RETURN_URL, methods: ["sms"] });
  const browser = await opened(created.url);
  advanceClock(601_000);
  expect(await stateOf(browser, created.id)).toEqual({ ended: true });
  expect((await returnedTo(browser, created.id)).searchParams.get("error")).toBe("expired");
});

test("a verified session is not 'ended' to its pages: the attempt's page hands over the token", async () => {
  const { phone, created, browser, verification } = await smsAttempt();
  const checked = await browser.fetch(`/api/verifications/${verification.id}/code`, {
    json: { code: await latestCode(app.url, phone) },
  });
  expect(checked.status).toBe(200);
  expect(await stateOf(browser, created.id)).toEqual({ ended: false });
  expect((await returnedTo(browser, created.id)).searchParams.get("token")).toBeTruthy();
  // An unknown id: a 404, as everywhere else, not a session still under way.
  const unknown = await browser.fetch(`/session/ses_${"x".repeat(24)}/state`);
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
});

test("a start refused inside a session says why in the person's language, and no raw status", async () => {
  const phone = freshPhone();
  const created = await api().createSession({ return_url: RETURN_URL, phone, methods: ["sms"] });
  const browser = await opened(created.url, "es");
  const start = (json: Record<string, unknown>, who = browser) =>
    who.fetch("/api/verifications", {
      json: { session: created.id, ...json },
      headers: { "accept-language": "es" },
    });
  const said = async (response: Response) =>
    ((await response.json()) as { error: { message: string } }).error.message;

  const otherMethod = await start({ method: "truecaller", phone });
  expect(otherMethod.status).toBe(403);
  expect(await said(otherMethod)).toBe("La app no permite esta forma de verificarlo. Elige otra.");

  const otherPhone = await start({ method: "sms", phone: freshPhone() });
  expect(otherPhone.status).toBe(400);
  expect(await said(otherPhone)).toBe(
    "Esta verificación es para el número que dio la app, que no se puede cambiar aquí.",
  );

  const stranger = await start({ method: "sms", phone }, new TestBrowser(app.url));
  expect(stranger.status).toBe(403);
  expect(await said(stranger)).toBe(
    "Esta verificación no está abierta en este navegador. Vuelve a abrir el enlace que te dio la app.",
  );

  // Idle past its expiry, then a tap: the session has ended, said in Spanish, not "expired".
  advanceClock(601_000);
  const late = await start({ method: "sms", phone });
  expect(late.status).toBe(409);
  const message = await said(late);
  expect(message).toBe("Esta verificación ha terminado. Vuelve a la app para empezar de nuevo.");
  expect(message).not.toMatch(/expired/);
});

test("an SMS refused for its number offers another way only where the session has one", async () => {
  const refusal = async (methods: ("sms" | "truecaller")[]) => {
    const created = await api().createSession({
      return_url: RETURN_URL,
      phone: "+34612345678",
      methods,
    });
    const browser = await opened(created.url);
    const started = await browser.fetch("/api/verifications", {
      json: { session: created.id, method: "sms", phone: "+34612345678" },
    });
    expect(started.status).toBe(400);
    return ((await started.json()) as { error: { message: string } }).error.message;
  };
  // SMS alone: no other way here; the page's way on is back to the app.
  expect(await refusal(["sms"])).toMatch(/^Codes by SMS go only to numbers [^.]+\.$/);
  // With Truecaller beside it: that other way.
  expect(await refusal(["sms", "truecaller"])).toMatch(
    /^Codes by SMS go only to numbers [^.]+\. Verify another way\.$/,
  );
});

/**
 * A session opened and then canceled while the receiver is down: its webhook's first delivery
 * failed as the session ended, and a retry falls due about 5 s later.
 */
async function endedWhileReceiverDown() {
  receiver.answer = () => ({ status: receiver.requests.length === 1 ? 503 : 204 });
  const created = await api().createSession({ return_url: RETURN_URL, methods: ["sms"] });
  const browser = await opened(created.url);
  await api().cancelSession(created.id);
  await expect.poll(() => receiver.requests.length).toBe(1);
  return { created, browser };
}

test("on Vercel, the hosted flow's requests send the webhooks due again, at most every 30 s", async () => {
  process.env.VERCEL = "1";
  process.env.CRON_SECRET = "c".repeat(24);
  reloadEnv();
  const { created, browser } = await endedWhileReceiverDown();

  // The retry falls due (5 s, give or take a fifth); no timer runs, no cron is called: the
  // person's page polling its state is what sends it.
  advanceClock(7_000);
  expect(await stateOf(browser, created.id)).toEqual({ ended: true });
  await expect.poll(() => receiver.requests.length).toBe(2);
  expect(receiver.requests[1]!.headers["webhook-id"]).toBe(
    receiver.requests[0]!.headers["webhook-id"],
  );

  // Once per instance per 30 s, whatever the traffic.
  const last = nudged.phoneVerifyWebhookNudgedAt!;
  expect(last).toBeLessThanOrEqual(now());
  expect(nudgeWebhooks(last + 1)).toBe(false);
  expect(nudgeWebhooks(last + 29_999)).toBe(false);
  expect(nudgeWebhooks(last + 30_000)).toBe(true);
});

test("off Vercel the timer sends the webhooks due again: a request does not", async () => {
  const { created, browser } = await endedWhileReceiverDown();

  // The retry falls due (5 s, give or take a fifth); the page polls its state and leaves.
  // Neither request started a tick (a nudge marks the instance before it starts one), and the
  // retry still waits.
  advanceClock(7_000);
  expect(await stateOf(browser, created.id)).toEqual({ ended: true });
  await returnedTo(browser, created.id); // the way back is one of the hosted flow's requests
  expect(nudged.phoneVerifyWebhookNudgedAt).toBeUndefined();
  expect(receiver.requests).toHaveLength(1);

  // The timer's tick (this app runs none of its own: WEBHOOK_INTERVAL=0) sends it.
  await webhookTick();
  await expect.poll(() => receiver.requests.length).toBe(2);
  expect(receiver.requests[1]!.headers["webhook-id"]).toBe(
    receiver.requests[0]!.headers["webhook-id"],
  );
});
