import { eq } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { serverCaller } from "@/lib/core/caller";
import { getDb } from "@/lib/db/client";
import { idempotentRequests } from "@/lib/db/schema";
import { ApiError } from "@/lib/errors";
import { createAuth } from "@/lib/methods/sms/guide";
import { findVerificationByAuthId } from "@/lib/methods/sms/queries";
import { appPerTest } from "./app-server";
import { TestBrowser } from "./browser";
import { allAtOnce, inboxSize, latestCode } from "./sandbox";

/**
 * Requests as other servers, retrying clients and sloppy browsers send them: the seed SMS
 * API's keys and its recipient rule, Idempotency-Key, double clicks, malformed cookies, proxy
 * headers nobody vouches for. Run by requests.*.test.ts on each database.
 */
export function requestsContract() {
  const app = appPerTest();
  const withApp = app.start;
  afterEach(() => resetClock());

  function seedPost(body: unknown, key?: string) {
    return fetch(`${app.url}/api/sms-auth`, {
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
    expect(await inboxSize(app.url, `+${recipient}`)).toBe(0);
    expect((await seedPost({ auth_id: "k", recipient }, keys[1])).status).toBe(200);
    const code = await latestCode(app.url, `+${recipient}`);
    const check = `${app.url}/api/sms-auth?auth_id=k&code=${code}`;
    expect((await fetch(check)).status).toBe(401);
    const ok = await fetch(check, { headers: { Authorization: `Bearer ${keys[0]}` } });
    expect(await ok.json()).toMatchObject({ authenticated: true, recipient: `+${recipient}` });
  });

  test("SMS_AUTH_API_KEY, the singular name, sets the seed API's keys too", async () => {
    const key = "singular-key-0123456789";
    await withApp({ SMS_AUTH_API_KEY: key });
    const recipient = "12065558011";
    expect((await seedPost({ auth_id: "one", recipient })).status).toBe(401);
    expect(await inboxSize(app.url, `+${recipient}`)).toBe(0);
    expect((await seedPost({ auth_id: "one", recipient }, key)).status).toBe(200);
  });

  test("with real Flowroute credentials and no keys, the seed API refuses to send", async () => {
    // "Real" Flowroute here is the emulator under real-provider settings: no sandbox shortcut.
    await withApp({});
    const url = app.url;
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
    expect(await inboxSize(app.url, `+${attacker}`)).toBe(0);
    // The same recipient may ask again, as in the seed (a new code, attempts reset).
    expect((await seedPost({ auth_id: "pending", recipient: victim })).status).toBe(200);
    const code = await latestCode(app.url, `+${victim}`);
    const ok = await fetch(`${app.url}/api/sms-auth?auth_id=pending&code=${code}`);
    expect(await ok.json()).toMatchObject({ authenticated: true, recipient: `+${victim}` });
  });

  /**
   * Two POSTs for one new auth_id and two recipients, side by side in this process: each reads
   * the entry before either writes it (on SQLite, whose statements do not yield, always), so both
   * pass the read's recipient check and only the statements that write may tell them apart.
   */
  async function createSideBySide(authId: string, phones: [string, string]) {
    const caller = { ...serverCaller, ip: "127.0.0.1" };
    const outcomes = await Promise.allSettled(
      phones.map((phone) => createAuth(authId, phone, caller)),
    );
    const sent = phones.filter((_, i) => outcomes[i]!.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as unknown] : [],
    );
    return { sent, refused };
  }

  function expectMismatch(refused: unknown[]) {
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ApiError);
    expect(refused[0]).toMatchObject({
      status: 409,
      details: { reason: "RecipientMismatch" },
    });
  }

  test("two simultaneous POSTs of a new auth_id for two recipients: one is sent, the other is 409", async () => {
    await withApp();
    for (let round = 0; round < 5; round += 1) {
      const phones: [string, string] = [`+1206555860${round}`, `+1206555870${round}`];
      const { sent, refused } = await createSideBySide(`race-${round}`, phones);
      expect(sent).toHaveLength(1);
      expectMismatch(refused);
      const other = phones.find((phone) => phone !== sent[0])!;
      expect((await findVerificationByAuthId(`race-${round}`))?.phone).toBe(sent[0]);
      expect(await inboxSize(app.url, other)).toBe(0);
      const code = await latestCode(app.url, sent[0]!);
      const ok = await fetch(`${app.url}/api/sms-auth?auth_id=race-${round}&code=${code}`);
      expect(await ok.json()).toMatchObject({ authenticated: true, recipient: sent[0] });
    }
  });

  test("two simultaneous POSTs over an overdue entry for two recipients: one is sent, the other is 409", async () => {
    await withApp({ CODE_EXPIRATION: "60" });
    for (let round = 0; round < 5; round += 1) {
      const authId = `overdue-${round}`;
      const first = `1206555880${round}`;
      expect((await seedPost({ auth_id: authId, recipient: first })).status).toBe(200);
      advanceClock(61_000); // overdue: anyone may take the auth_id over, but only one of two
      const phones: [string, string] = [`+1206555890${round}`, `+1206555891${round}`];
      const { sent, refused } = await createSideBySide(authId, phones);
      expect(sent).toHaveLength(1);
      expectMismatch(refused);
      expect((await findVerificationByAuthId(authId))?.phone).toBe(sent[0]);
      expect(
        await inboxSize(
          app.url,
          phones.find((phone) => phone !== sent[0])!,
        ),
      ).toBe(0);
    }
  });

  test("the seed API's budgets answer 429 TooManyRequests with Retry-After and send nothing", async () => {
    // In the sandbox, open calls are held to the budget of the address they come from.
    await withApp({ SMS_SENDS_PER_IP_PER_HOUR: "2" });
    expect((await seedPost({ auth_id: "ip-1", recipient: "12065558901" })).status).toBe(200);
    expect((await seedPost({ auth_id: "ip-2", recipient: "12065558902" })).status).toBe(200);
    const spent = await seedPost({ auth_id: "ip-3", recipient: "12065558903" });
    expect(spent.status).toBe(429);
    expect(Number(spent.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await spent.json()).toMatchObject({
      reason: "TooManyRequests",
      message: expect.stringMatching(/network/),
    });
    expect(await inboxSize(app.url, "+12065558903")).toBe(0);
    expect(await findVerificationByAuthId("ip-3")).toBeUndefined();

    // A keyed caller is a server speaking for many people: the address budget is not its own,
    // the budgets of all sends are.
    const key = "budget-key-0123456789";
    await withApp({
      SMS_SENDS_PER_IP_PER_HOUR: "2",
      SMS_SENDS_PER_HOUR: "3",
      SMS_AUTH_API_KEYS: key,
    });
    for (const i of [1, 2, 3]) {
      expect(
        (await seedPost({ auth_id: `keyed-${i}`, recipient: `1206555891${i}` }, key)).status,
      ).toBe(200);
    }
    const all = await seedPost({ auth_id: "keyed-4", recipient: "12065558914" }, key);
    expect(all.status).toBe(429);
    expect(Number(all.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await all.json()).toMatchObject({ reason: "TooManyRequests" });
    expect(await inboxSize(app.url, "+12065558914")).toBe(0);
  });

  test("Idempotency-Key: the same request answers as the first did; another body is 422", async () => {
    await withApp();
    const phone = "+14155558201";
    const headers = { "Idempotency-Key": "retry-8201-5f0c2a9e71d4" };
    const browser = new TestBrowser(app.url);
    const first = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(first.status).toBe(201);
    const { verification } = await first.json();
    // The answer was lost: the client retries, without the cookie it never got.
    const retry = new TestBrowser(app.url);
    const again = await retry.fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(again.status).toBe(201);
    expect((await again.json()).verification.id).toBe(verification.id);
    expect(await inboxSize(app.url, phone)).toBe(1);
    // The replayed answer carries the cookie too: the retrying client owns the verification.
    expect((await retry.fetch(`/api/verifications/${verification.id}`)).status).toBe(200);
    const other = await retry.fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558202" },
      headers,
    });
    expect(other.status).toBe(422);
    expect(await inboxSize(app.url, "+14155558202")).toBe(0);
    // A key short enough to guess is refused before anything is done: a neighbour behind the
    // same address could replay its answer, cookie included.
    const guessable = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558203" },
      headers: { "Idempotency-Key": "order-42" },
    });
    expect(guessable.status).toBe(400);
    expect((await guessable.json()).error.message).toMatch(/16 to 255/);
    expect(await inboxSize(app.url, "+14155558203")).toBe(0);
  });

  test("Idempotency-Key: a replayed 429 keeps its Retry-After", async () => {
    await withApp({ SMS_RESEND_COOLDOWN: "0" });
    // The emulator throttles numbers ending in 0429 and asks for 7 s.
    const phone = "+14155550429";
    const headers = { "Idempotency-Key": "throttled-0429-8b3e61f0c2" };
    const first = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    const { error } = await first.json();
    const again = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("7");
    expect((await again.json()).error).toEqual(error);

    // An answer kept by the version before headers were (its JSON alone) is still replayed.
    for (const row of await getDb().select().from(idempotentRequests)) {
      const body = JSON.stringify(JSON.parse(row.body!).reply);
      await getDb()
        .update(idempotentRequests)
        .set({ body })
        .where(eq(idempotentRequests.scopedKey, row.scopedKey));
    }
    const old = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone },
      headers,
    });
    expect(old.status).toBe(429);
    expect((await old.json()).error).toEqual(error);
  });

  test("five starts at once from a browser that holds its binding get one verification back, one SMS", async () => {
    await withApp();
    const browser = new TestBrowser(app.url);
    // An earlier start gave this browser its binding.
    const earlier = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558302" },
    });
    expect(earlier.status).toBe(201);
    const phone = "+14155558303";
    const responses = await allAtOnce(5, () =>
      browser.fetch("/api/verifications", { json: { method: "sms", phone } }),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = await Promise.all(responses.map(async (r) => (await r.json()).verification.id));
    expect(new Set(ids).size).toBe(1);
    expect(await inboxSize(app.url, phone)).toBe(1);
  });

  test("five starts at once from a browser new to us make one verification and one SMS; the rest are told it is under way", async () => {
    await withApp();
    const phone = "+14155558301";
    const browser = new TestBrowser(app.url);
    const responses = await allAtOnce(5, () =>
      browser.fetch("/api/verifications", { json: { method: "sms", phone } }),
    );
    // A browser new to us: the starts carry no cookie yet, so the twins are known only by their
    // address, and another browser behind it is not given the first one's verification (its
    // deep link or handoff link): they are told the number is being started, and send nothing.
    const answers = await Promise.all(responses.map(async (r) => [r.status, await r.json()]));
    const made = answers.filter(([status]) => status === 201);
    expect(made).toHaveLength(1);
    for (const [status, body] of answers.filter(([status]) => status !== 201)) {
      expect(status).toBe(409);
      expect(body.error).toEqual({
        code: "conflict",
        message: "This number is being started already. Try again in a moment.",
      });
    }
    const ids = [made[0]![1].verification.id];
    expect(await inboxSize(app.url, phone)).toBe(1);

    // A moment later, a start is a new one, as before.
    advanceClock(3000);
    const later = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    expect((await later.json()).verification.id).not.toBe(ids[0]);
    expect(await inboxSize(app.url, phone)).toBe(2);
  });

  test("a malformed cookie is no cookie: never a 500", async () => {
    await withApp();
    for (const cookie of [
      "pv_binding=%zz",
      "pv_binding=%E0%A4%A",
      "pv_session=%zz; pv_binding=%",
    ]) {
      const started = await fetch(`${app.url}/api/verifications`, {
        method: "POST",
        headers: { "Content-Type": "application/json", cookie },
        body: JSON.stringify({ method: "sms", phone: `+1415555840${cookie.length % 10}` }),
      });
      expect(started.status).toBe(201);
      expect(started.headers.get("set-cookie")).toMatch(/pv_binding=/);
      const { verification } = await started.json();
      const status = await fetch(`${app.url}/api/verifications/${verification.id}`, {
        headers: { cookie },
      });
      expect(status.status).toBe(404);
    }
  });

  test("without TRUST_PROXY, X-Forwarded-Proto and X-Forwarded-Host count for nothing", async () => {
    await withApp();
    const spoofed = { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" };
    // The origin check compares with Host, not with a header the client made up.
    const crossSite = await fetch(`${app.url}/api/verifications`, {
      method: "POST",
      headers: { "Content-Type": "application/json", origin: "https://evil.example", ...spoofed },
      body: JSON.stringify({ method: "sms", phone: "+14155558501" }),
    });
    expect(crossSite.status).toBe(403);
    const browser = new TestBrowser(app.url);
    const plain = await browser.fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558502" },
      headers: spoofed,
    });
    expect(plain.status).toBe(201);
    const cookie = plain.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pv_binding=/);
    expect(cookie).not.toMatch(/Secure/);

    await withApp({ TRUST_PROXY: "1" });
    const proxied = await new TestBrowser(app.url).fetch("/api/verifications", {
      json: { method: "sms", phone: "+14155558503" },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(proxied.headers.get("set-cookie")).toMatch(/^__Host-pv_binding=.*Secure/);
  });
}
