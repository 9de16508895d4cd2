import { afterAll, afterEach, expect, test } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { startTestApp, type TestApp } from "./app-server";
import { TestBrowser } from "./browser";
import { allAtOnce, inboxSize, latestCode } from "./sandbox";

/**
 * Requests as other servers, retrying clients and sloppy browsers send them: the seed SMS
 * API's keys and its recipient rule, Idempotency-Key, double clicks, malformed cookies, proxy
 * headers nobody vouches for. Run by requests.*.test.ts on each database.
 */
export function requestsContract() {
  let app: TestApp | undefined;

  async function withApp(env: Record<string, string> = {}) {
    await app?.close();
    app = await startTestApp(env);
    return app;
  }
  afterAll(() => app?.close());
  afterEach(() => resetClock());

  function seedPost(body: unknown, key?: string) {
    return fetch(`${app!.url}/api/sms-auth`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  test("the seed SMS API takes only its callers' keys once keys are set", async () => {
    const keys = ["first-key-0123456789", "second-key-0123456789"];
    await withApp({ SMS_AUTH_API_KEYS: keys.join(",") });
    const recipient = "12065558001";
    for (const key of [undefined, "wrong-key-0123456789", `${keys[1]}x`]) {
      const refused = await seedPost({ auth_id: "k", recipient }, key);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ reason: "Unauthorized" });
    }
    expect(await inboxSize(app!.url, `+${recipient}`)).toBe(0);
    expect((await seedPost({ auth_id: "k", recipient }, keys[1])).status).toBe(200);
    const code = await latestCode(app!.url, `+${recipient}`);
    const check = `${app!.url}/api/sms-auth?auth_id=k&code=${code}`;
    expect((await fetch(check)).status).toBe(401);
    const ok = await fetch(check, { headers: { Authorization: `Bearer ${keys[0]}` } });
    expect(await ok.json()).toMatchObject({ authenticated: true, recipient: `+${recipient}` });
  });

  test("with real Flowroute credentials and no keys, the seed API refuses to send", async () => {
    // "Real" Flowroute here is the emulator under real-provider settings: no sandbox shortcut.
    await withApp({});
    const url = app!.url;
    await withApp({
      FLOWROUTE_ACCESS_KEY: "sandbox-access-key",
      FLOWROUTE_SECRET_KEY: "sandbox-secret-key",
      FLOWROUTE_NUMBER: "12065550100",
      FLOWROUTE_BASE_URL: `${url}/api/sandbox/flowroute`,
    });
    const refused = await seedPost({ auth_id: "real", recipient: "12065558002" });
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toMatch(/SMS_AUTH_API_KEYS/);
  });

  test("a pending auth_id cannot be sent to another recipient", async () => {
    await withApp();
    const victim = "12065558101";
    const attacker = "12065558102";
    expect((await seedPost({ auth_id: "pending", recipient: victim })).status).toBe(200);
    const hijack = await seedPost({ auth_id: "pending", recipient: attacker });
    expect(hijack.status).toBe(409);
    expect(await hijack.json()).toMatchObject({ reason: "RecipientMismatch" });
    expect(await inboxSize(app!.url, `+${attacker}`)).toBe(0);
    // The same recipient may ask again, as in the seed (a new code, attempts reset).
    expect((await seedPost({ auth_id: "pending", recipient: victim })).status).toBe(200);
    const code = await latestCode(app!.url, `+${victim}`);
    const ok = await fetch(`${app!.url}/api/sms-auth?auth_id=pending&code=${code}`);
    expect(await ok.json()).toMatchObject({ authenticated: true, recipient: `+${victim}` });
  });

  test("Idempotency-Key: the same request answers as the first did; another body is 422", async () => {
    await withApp();
    const phone = "+14155558201";
    const headers = { "Idempotency-Key": "retry-8201" };
    const browser = new TestBrowser(app!.url);
    const first = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(first.status).toBe(201);
    const { verification } = await first.json();
    // The answer was lost: the client retries, without the cookie it never got.
    const retry = new TestBrowser(app!.url);
    const again = await retry.fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(again.status).toBe(201);
    expect((await again.json()).verification.id).toBe(verification.id);
    expect(await inboxSize(app!.url, phone)).toBe(1);
    // The replayed answer carries the cookie too: the retrying client owns the verification.
    expect((await retry.fetch(`/api/verifications/${verification.id}`)).status).toBe(200);
    const other = await retry.fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558202" },
      headers,
    });
    expect(other.status).toBe(422);
    expect(await inboxSize(app!.url, "+14155558202")).toBe(0);
  });

  test("five starts at once from one browser for one number make one verification and one SMS", async () => {
    await withApp();
    const phone = "+14155558301";
    const browser = new TestBrowser(app!.url);
    const responses = await allAtOnce(5, () =>
      browser.fetch("/api/verifications", { json: { method: "sms", phone } }),
    );
    const ids = await Promise.all(responses.map(async (r) => (await r.json()).verification.id));
    expect(new Set(ids).size).toBe(1);
    expect(await inboxSize(app!.url, phone)).toBe(1);
    // A moment later, a start is a new one, as before.
    advanceClock(3000);
    const later = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect((await later.json()).verification.id).not.toBe(ids[0]);
    expect(await inboxSize(app!.url, phone)).toBe(2);
  });

  test("a malformed cookie is no cookie: never a 500", async () => {
    await withApp();
    for (const cookie of [
      "pv_binding=%zz",
      "pv_binding=%E0%A4%A",
      "pv_session=%zz; pv_binding=%",
    ]) {
      const started = await fetch(`${app!.url}/api/verifications`, {
        method: "POST",
        headers: { "Content-Type": "application/json", cookie },
        body: JSON.stringify({ method: "sms", phone: `+1415555840${cookie.length % 10}` }),
      });
      expect(started.status).toBe(201);
      expect(started.headers.get("set-cookie")).toMatch(/pv_binding=/);
      const { verification } = await started.json();
      const status = await fetch(`${app!.url}/api/verifications/${verification.id}`, {
        headers: { cookie },
      });
      expect(status.status).toBe(404);
    }
  });

  test("without TRUST_PROXY, X-Forwarded-Proto and X-Forwarded-Host count for nothing", async () => {
    await withApp();
    const spoofed = { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" };
    // The origin check compares with Host, not with a header the client made up.
    const crossSite = await fetch(`${app!.url}/api/verifications`, {
      method: "POST",
      headers: { "Content-Type": "application/json", origin: "https://evil.example", ...spoofed },
      body: JSON.stringify({ method: "sms", phone: "+14155558501" }),
    });
    expect(crossSite.status).toBe(403);
    const browser = new TestBrowser(app!.url);
    const plain = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558502" },
      headers: spoofed,
    });
    expect(plain.status).toBe(201);
    const cookie = plain.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pv_binding=/);
    expect(cookie).not.toMatch(/Secure/);

    await withApp({ TRUST_PROXY: "1" });
    const proxied = await new TestBrowser(app!.url).fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558503" },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(proxied.headers.get("set-cookie")).toMatch(/^__Host-pv_binding=.*Secure/);
  });
}
