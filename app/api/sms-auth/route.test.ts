import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { execute, getDb, schemaAhead } from "@/lib/db/client";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { findVerificationByAuthId } from "@/lib/methods/sms/queries";
import { network } from "@/lib/providers/http";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { allAtOnce, inboxSize, latestCode } from "@/lib/testing/sandbox";

// The Flowroute sms-verification service's API (docs/providers.md#the-sms-verification-service), row by row, run over HTTP
// with the real Flowroute client sending through the emulator.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ CODE_LENGTH: "6", CODE_EXPIRATION: "600", RETRIES_ALLOWED: "3" });
});
afterAll(() => app.close());
afterEach(() => {
  resetClock();
  vi.restoreAllMocks();
});

/** A fresh number per test: 1206555 + 4 digits that avoid the sandbox's rule suffixes. */
function freshNumber(): string {
  counter += 1;
  return `1206555${String(1100 + counter).padStart(4, "0")}`;
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/sms-auth`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function check(authId: string, code: string) {
  const query = new URLSearchParams({ auth_id: authId, code });
  return fetch(`${app.url}/api/sms-auth?${query}`);
}

async function created(authId: string, recipient = freshNumber()) {
  const response = await post({ auth_id: authId, recipient });
  expect(response.status).toBe(200);
  return { recipient, code: await latestCode(app.url, `+${recipient.replace(/^\+/, "")}`) };
}

/** Every verification row and every SMS the emulator accepted, whatever the number. */
function totals(): { verifications: unknown; messages: unknown } {
  const db = getDb().$client;
  return {
    verifications: db.prepare("SELECT count(*) AS n FROM verifications").get(),
    messages: db.prepare("SELECT count(*) AS n FROM sandbox_sms_messages").get(),
  };
}

function wrongCode(code: string): string {
  return code === "000000" ? "111111" : "000000";
}

describe("POST", () => {
  test("creates a code, sends it by SMS and answers as the seed", async () => {
    const recipient = freshNumber();
    const response = await post({ auth_id: "post-1", recipient });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      message: "Success: Verification code created.",
      auth_id: "post-1",
    });
    const code = await latestCode(app.url, `+${recipient}`);
    expect(code).toMatch(/^\d{6}$/);
    const row = await findVerificationByAuthId("post-1");
    expect(row?.phone).toBe(`+${recipient}`);
    // Only a keyed hash of the code is stored.
    expect(row?.codeHash).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(`"${code}"`);
  });

  test("takes a numeric recipient and an E.164 one; refuses what Flowroute cannot reach", async () => {
    expect((await post({ auth_id: "num", recipient: Number(freshNumber()) })).status).toBe(200);
    expect((await post({ auth_id: "e164", recipient: `+${freshNumber()}` })).status).toBe(200);
    // A difference from the seed, which sent anything: Flowroute's v2.1 delivers to +1 only,
    // and of those SMS_COUNTRIES (the US and Canada by default) are named.
    const response = await post({ auth_id: "intl", recipient: "+46760123456" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      reason: "InvalidAPIUsage",
      message: expect.stringContaining("these countries here: US, CA."),
    });
    expect(await inboxSize(app.url, "+46760123456")).toBe(0);
  });

  test("a second POST with the same auth_id replaces the code and resets the attempts", async () => {
    const { recipient, code: first } = await created("again");
    expect((await check("again", wrongCode(first))).status).toBe(400);
    await post({ auth_id: "again", recipient });
    expect((await findVerificationByAuthId("again"))?.attempts).toBe(0);
    // A new code can repeat the old one (p = 10⁻⁶): POST again until it differs, so that the old
    // code's refusal below proves the replacement.
    let second = await latestCode(app.url, `+${recipient}`);
    for (let i = 0; i < 5 && second === first; i += 1) {
      await post({ auth_id: "again", recipient });
      second = await latestCode(app.url, `+${recipient}`);
    }
    expect(second).not.toBe(first);
    expect(await (await check("again", first)).json()).toMatchObject({
      reason: "InvalidAuthCode",
    });
    expect((await check("again", second)).status).toBe(200);
  });

  test.each([
    ["missing recipient", { auth_id: "x" }],
    ["missing auth_id", { recipient: "12065551234" }],
    ["recipient too short", { auth_id: "x", recipient: "1206555123" }],
    ["recipient with letters", { auth_id: "x", recipient: "1206555abcd" }],
    ["recipient of the wrong type", { auth_id: "x", recipient: ["12065551234"] }],
    ["auth_id of the wrong type", { auth_id: { id: 1 }, recipient: "12065551234" }],
    ["auth_id too long", { auth_id: "a".repeat(121), recipient: "12065551234" }],
    ["body that is not an object", [1, 2]],
  ])("%s: 400 InvalidAPIUsage, nothing stored or sent", async (_name, body) => {
    // Counted across every auth_id and every number: a bad body must not store or send under
    // another key than the one it named.
    const before = totals();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: "Required arguments: 'auth_id' (str), 'recipient' (int, length=11)",
      reason: "InvalidAPIUsage",
    });
    expect(totals()).toEqual(before);
  });

  test("a body that is not JSON, or oversized, is a JSON 400, not an HTML 500", async () => {
    for (const response of [
      await post("{not json"),
      await post(
        JSON.stringify({ auth_id: "big", recipient: "12065551234", pad: "x".repeat(10_000) }),
      ),
    ]) {
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ reason: "InvalidAPIUsage" });
    }
    expect(await findVerificationByAuthId("big")).toBeUndefined();
  });

  test("the size limit counts bytes, not characters, also of a body sent without its length", async () => {
    // 1,600 "€" are 1,600 characters but 4,800 bytes: over the 4,096 the seed API reads. Sent
    // in chunks, the body has no Content-Length to go by.
    const body = JSON.stringify({
      auth_id: "big",
      recipient: "12065551234",
      pad: "€".repeat(1_600),
    });
    const response = await fetch(`${app.url}/api/sms-auth`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob([body]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      reason: "InvalidAPIUsage",
      detail: "The body is larger than 4096 bytes.",
    });
  });

  test("a cross-site browser POST is refused and sends nothing", async () => {
    const recipient = freshNumber();
    const response = await post({ auth_id: "csrf", recipient }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await findVerificationByAuthId("csrf")).toBeUndefined();
    expect(await inboxSize(app.url, `+${recipient}`)).toBe(0);
  });

  test("a failed send is a JSON 502; the entry is kept and a new POST recovers", async () => {
    const response = await post({ auth_id: "undeliverable", recipient: "12065550422" });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      reason: "SmsSendFailed",
      auth_id: "undeliverable",
    });
    expect(await findVerificationByAuthId("undeliverable")).toBeDefined();

    // A transient failure at the network edge, then a retry that goes through.
    const recipient = freshNumber();
    vi.spyOn(network, "exchange").mockRejectedValueOnce(new Error("socket hang up"));
    expect((await post({ auth_id: "flaky", recipient })).status).toBe(502);
    expect(await inboxSize(app.url, `+${recipient}`)).toBe(0);
    const { code } = await created("flaky", recipient);
    expect((await check("flaky", code)).status).toBe(200);
  });

  test("a throttling provider is a 429 TooManyRequests with the provider's own Retry-After", async () => {
    // The emulator throttles numbers ending in 0429 and asks for 7 s.
    const response = await post({ auth_id: "throttled", recipient: "12065550429" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toMatchObject({
      reason: "TooManyRequests",
      auth_id: "throttled",
    });
    expect(await inboxSize(app.url, "+12065550429")).toBe(0);
  });

  test.each([
    ["premium-rate", "19005551234", /premium-rate/],
    ["toll-free", "+18005551234", /toll-free/],
  ])(
    "a %s number is refused: 400 with the reason, nothing stored or sent",
    async (_kind, to, why) => {
      const response = await post({ auth_id: `kind-${to}`, recipient: to });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        reason: "InvalidAPIUsage",
        message: expect.stringMatching(why),
      });
      expect(await findVerificationByAuthId(`kind-${to}`)).toBeUndefined();
      expect(await inboxSize(app.url, `+${to.replace(/^\+/, "")}`)).toBe(0);
    },
  );
});

describe("a database migrated by a newer version of the app", () => {
  function budgetEvents() {
    return getDb()
      .$client.prepare("SELECT coalesce(sum(events), 0) AS n FROM rate_limit_counts")
      .get();
  }

  test("POST and GET answer 503 ServiceUnavailable with Retry-After and change nothing", async () => {
    const { code } = await created("before-ahead");
    const recipient = freshNumber();
    const budgetsBefore = budgetEvents();
    await execute(
      sql`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', ${Date.now() + 86_400_000})`,
    );
    advanceClock(31_000); // the ledger is read again at most every 30 s
    try {
      const responses = [
        await post({ auth_id: "while-ahead", recipient }),
        await check("before-ahead", wrongCode(code)),
        await check("before-ahead", code),
      ];
      for (const response of responses) {
        expect(response.status).toBe(503);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({
          reason: "ServiceUnavailable",
          message: expect.stringMatching(/older than its database/),
        });
      }
      expect(await findVerificationByAuthId("while-ahead")).toBeUndefined();
      expect(await inboxSize(app.url, `+${recipient}`)).toBe(0);
      expect(budgetEvents()).toEqual(budgetsBefore);
      // The checks neither counted a guess nor removed the entry.
      expect(await findVerificationByAuthId("before-ahead")).toMatchObject({ attempts: 0 });
    } finally {
      // As a rollback would, not through this code's writes (refused while the schema is ahead).
      getDb().$client.exec("DELETE FROM __drizzle_migrations WHERE hash = 'from-the-future'");
      // Read the ledger again now, so that the tests after this one find the schema current.
      advanceClock(62_000);
      expect(await schemaAhead()).toBe(false);
    }
    expect((await check("before-ahead", code)).status).toBe(200);
  });
});

describe("GET", () => {
  test("the right code: 200, the entry is removed and the number recorded", async () => {
    const { recipient, code } = await created("ok");
    const response = await check("ok", code);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      authenticated: true,
      auth_id: "ok",
      message: "Success: Authorization code verified.",
      recipient: `+${recipient}`,
    });
    expect(await findVerificationByAuthId("ok")).toBeUndefined();
    expect(await findVerifiedPhone(`+${recipient}`)).toMatchObject({ method: "sms" });
    // A replay finds nothing.
    expect(await (await check("ok", code)).json()).toEqual({
      attempts_left: 0,
      message: "Unknown auth id",
      reason: "UnknownAuthId",
    });
  });

  test("wrong codes count down, the last one removes the entry, then UnknownAuthId", async () => {
    const { code } = await created("wrong");
    const wrong = wrongCode(code);
    const bodies = [];
    for (let i = 0; i < 4; i += 1) bodies.push(await (await check("wrong", wrong)).json());
    expect(bodies).toEqual([
      { attempts_left: 2, message: "Invalid code", reason: "InvalidAuthCode" },
      { attempts_left: 1, message: "Invalid code", reason: "InvalidAuthCode" },
      { attempts_left: 0, message: "Invalid code", reason: "InvalidAuthCode" },
      { attempts_left: 0, message: "Unknown auth id", reason: "UnknownAuthId" },
    ]);
    expect(await findVerificationByAuthId("wrong")).toBeUndefined();
  });

  test("the right code on the last allowed attempt still succeeds", async () => {
    const { code } = await created("last");
    await check("last", wrongCode(code));
    await check("last", wrongCode(code));
    expect((await check("last", code)).status).toBe(200);
  });

  test("expiry is inclusive at the boundary and checked before the code", async () => {
    freezeClock(Date.parse("2026-01-01T00:00:00Z"));
    const { code } = await created("edge");
    advanceClock(600_000); // exactly CODE_EXPIRATION later: still valid
    expect((await check("edge", code)).status).toBe(200);

    const { code: late } = await created("late");
    advanceClock(600_001); // one millisecond past: expired, even with the right code
    const response = await check("late", late);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      attempts_left: 0,
      message: "Expired code",
      reason: "ExpiredAuthCode",
    });
    expect(await (await check("late", late)).json()).toMatchObject({ reason: "UnknownAuthId" });
  });

  test("an entry already marked expired (by a status read) answers Expired code once, then is gone", async () => {
    freezeClock(Date.parse("2026-01-01T00:00:00Z"));
    const { code } = await created("marked");
    advanceClock(600_001);
    const row = await findVerificationByAuthId("marked");
    expect((await expireIfOverdue(row!, Date.parse("2026-01-01T00:10:00.001Z"))).status).toBe(
      "expired",
    );
    // The seed answered by the code's age, whoever noticed it first: expired, then unknown.
    expect(await (await check("marked", code)).json()).toMatchObject({ reason: "ExpiredAuthCode" });
    expect(await (await check("marked", code)).json()).toMatchObject({ reason: "UnknownAuthId" });
  });

  test("a code sent without its leading zeros still matches, as the seed's integer compare did", async () => {
    const { recipient } = await created("zeros");
    // Force a code with a leading zero by re-posting until one comes (p = 0.1 each time).
    let code = await latestCode(app.url, `+${recipient}`);
    for (let i = 0; i < 200 && !code.startsWith("0"); i += 1) {
      advanceClock(60_000 * 60); // keep under the per-number hourly limit
      await post({ auth_id: "zeros", recipient });
      code = await latestCode(app.url, `+${recipient}`);
    }
    expect(code.startsWith("0")).toBe(true);
    expect((await check("zeros", String(Number(code)))).status).toBe(200);
  });

  test.each([
    ["no auth_id", "?code=123456"],
    ["no code", "?auth_id=abc"],
    ["a code that is not a number", "?auth_id=abc&code=12.0"],
    ["a code of letters", "?auth_id=abc&code=abcdef"],
  ])("%s: 400 InvalidAPIUsage without attempts_left", async (_name, query) => {
    const response = await fetch(`${app.url}/api/sms-auth${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: "Required arguments: 'auth_id' (str), 'code' (int)",
      reason: "InvalidAPIUsage",
    });
  });

  test("an unknown auth_id: UnknownAuthId", async () => {
    expect(await (await check("never-created", "123456")).json()).toEqual({
      attempts_left: 0,
      message: "Unknown auth id",
      reason: "UnknownAuthId",
    });
  });
});

describe("concurrency", () => {
  test("50 wrong guesses at once: exactly RETRIES_ALLOWED are evaluated", async () => {
    const { code } = await created("burst");
    const wrong = wrongCode(code);
    const bodies = await allAtOnce(50, async () => (await check("burst", wrong)).json());
    const evaluated = bodies.filter((body) => body.reason === "InvalidAuthCode");
    expect(evaluated).toHaveLength(3);
    expect(evaluated.map((body) => body.attempts_left).sort()).toEqual([0, 1, 2]);
    expect(bodies.filter((body) => body.reason === "UnknownAuthId")).toHaveLength(47);
    expect(await findVerificationByAuthId("burst")).toBeUndefined();
  });

  test("POSTs of one auth_id at once are sent one after another: the newest SMS holds the code", async () => {
    for (let round = 0; round < 5; round += 1) {
      const recipient = freshNumber();
      const authId = `together-${round}`;
      const responses = await allAtOnce(4, () => post({ auth_id: authId, recipient }));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      expect(await inboxSize(app.url, `+${recipient}`)).toBe(4);
      // Each POST replaces the code: the one in the last SMS is the one the entry holds.
      const code = await latestCode(app.url, `+${recipient}`);
      expect((await check(authId, code)).status).toBe(200);
    }
  });

  test("8 right codes at once: exactly one success", async () => {
    const { code } = await created("race");
    const responses = await allAtOnce(8, () => check("race", code));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(
      getDb()
        .$client.prepare("SELECT count(*) AS n FROM verifications WHERE auth_id = 'race'")
        .get(),
    ).toEqual({ n: 0 });
  });
});
