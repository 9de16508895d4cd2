import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { advanceClock, freezeClock, now } from "@/lib/clock";
import { execute, rawRows } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { checkCode } from "@/lib/methods/sms/check";
import { assertNumberNotLocked } from "@/lib/methods/sms/failures";
import { appPerTest } from "./app-server";
import { TestBrowser } from "./browser";
import { expectRefused, startAsStranger } from "./budget-requests";
import { allAtOnce, latestCode } from "./sandbox";
import { rejectionOf } from "./rejection";

/**
 * SMS's budgets (docs/security.md#sending-limits), as an attacker meets them over HTTP, on
 * whichever database the suite runs: lib/methods/sms/protection.*.test.ts run it (PhoneCheck's
 * are ./phonecheck-budgets-contract.ts). Each budget is set low in its own app.
 */
export function budgetContract() {
  const app = appPerTest();
  const withApp = app.start;

  async function sent(): Promise<number> {
    const [row] = await rawRows<{ n: number | string }>(
      sql`SELECT count(*) AS n FROM sandbox_sms_messages`,
    );
    return Number(row?.n ?? 0);
  }

  /** Events of a bucket, per key. */
  async function counted(bucket: string): Promise<Record<string, number>> {
    const rows = await rawRows<{ key: string; n: number | string }>(
      sql`SELECT key, sum(events) AS n FROM rate_limit_counts WHERE bucket = ${bucket} GROUP BY key`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
  }

  /** A start as a fresh browser, from `ip` when the app trusts a proxy. */
  const start = (phone: string, options: { ip?: string; challenge?: string } = {}) =>
    startAsStranger(app.url, phone, options);

  /** A solution of a fresh challenge, as the widget sends it. */
  async function solved(): Promise<string> {
    const challenge = (await (await fetch(`${app.url}/api/challenge`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
  }

  async function codeOf(response: Response): Promise<string> {
    return ((await response.json()) as { error: { code: string } }).error.code;
  }

  test("per client address: a client's own X-Forwarded-For changes nothing without TRUST_PROXY", async () => {
    await withApp({ SMS_SENDS_PER_IP_PER_HOUR: "3" });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      // What the attacker did: another X-Forwarded-For for every request.
      const response = await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone: `+1253555${String(1000 + i * 111)}` },
        headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
      });
      statuses.push(response.status);
      if (i === 4) await expectRefused(response, /from your network/);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(await sent()).toBe(3);
  });

  test("a client's own X-PV-Peer counts for nothing where our server does not set it", async () => {
    // As under `next start` or `next dev`: nobody vouches for the header, so every client is
    // the one unknown address, however it names itself.
    await withApp({ SMS_SENDS_PER_IP_PER_HOUR: "2" }, { ourServer: false });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone: `+1253555${String(2000 + i * 111)}` },
        headers: { "x-pv-peer": `203.0.113.${i + 1}`, "x-pv-peer-token": "guessed" },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
    expect(await counted("sms_ip")).toEqual({ unknown: 2 });
  });

  test("under our server the connection's address wins over a client's X-PV-Peer", async () => {
    await withApp({ SMS_SENDS_PER_IP_PER_HOUR: "2" });
    for (let i = 0; i < 3; i += 1) {
      await new TestBrowser(app.url).fetch("/api/verifications", {
        json: { method: "sms", phone: `+1253555${String(3000 + i * 111)}` },
        headers: { "x-pv-peer": `203.0.113.${i + 1}`, "x-pv-peer-token": "guessed" },
      });
    }
    expect(await counted("sms_ip")).toEqual({ "127.0.0.1": 2 });
  });

  test("per number: a number that got too many codes this hour is refused with Retry-After", async () => {
    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_PHONE_PER_HOUR: "2" });
    const phone = "+12065553901";
    // Seconds apart and from other networks: at once, a start is the previous one's twin, and
    // only the number is shared.
    expect((await start(phone, { ip: "10.39.1.1" })).status).toBe(201);
    advanceClock(3000);
    expect((await start(phone, { ip: "10.39.2.1" })).status).toBe(201);
    advanceClock(3000);
    const third = await start(phone, { ip: "10.39.3.1" });
    await expectRefused(third, /sent to this number/);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(await sent()).toBe(2);
    // Another number is another budget.
    expect((await start("+12065553902", { ip: "10.39.4.1" })).status).toBe(201);
  });

  test("per network: an IPv4 /24 and an IPv6 /64 share one budget (behind a trusted proxy)", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_SENDS_PER_IP_PER_HOUR: "100",
      SMS_SENDS_PER_NETWORK_PER_HOUR: "2",
    });
    const v4 = [];
    for (const host of [1, 2, 3])
      v4.push((await start(`+1253555${1100 + host}`, { ip: `203.0.113.${host}` })).status);
    expect(v4).toEqual([201, 201, 429]);
    const v6 = [];
    for (const host of ["a", "b", "c"]) {
      v6.push((await start(`+1253555${1200 + v6.length}`, { ip: `2001:db8:1:2::${host}` })).status);
    }
    expect(v6).toEqual([201, 201, 429]);
    // Another network is another budget.
    expect((await start("+12535551300", { ip: "198.51.100.7" })).status).toBe(201);
    expect(await sent()).toBe(5);
  });

  test("per number prefix: 200 adjacent numbers from 200 addresses send at most the prefix budget", async () => {
    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_PREFIX_PER_HOUR: "20" });
    const statuses = [];
    for (let i = 0; i < 200; i += 1) {
      const phone = `+1360555${String(i).padStart(4, "0")}`;
      statuses.push((await start(phone, { ip: `10.${i}.0.1` })).status);
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(180);
    expect(await sent()).toBe(20);
  });

  test("per country, and the global hourly and daily budgets", async () => {
    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_COUNTRY_PER_HOUR: "2" });
    expect((await start("+14255551001", { ip: "10.1.0.1" })).status).toBe(201);
    expect((await start("+14255552002", { ip: "10.2.0.1" })).status).toBe(201);
    await expectRefused(await start("+14255553003", { ip: "10.3.0.1" }), /numbers like this one/);

    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_HOUR: "2" });
    expect((await start("+15095551001", { ip: "10.1.0.1" })).status).toBe(201);
    expect((await start("+14255552002", { ip: "10.2.0.1" })).status).toBe(201);
    await expectRefused(
      await start("+13605553003", { ip: "10.3.0.1" }),
      /too many codes right now/,
    );

    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_DAY: "1" });
    expect((await start("+15095551001", { ip: "10.1.0.1" })).status).toBe(201);
    await expectRefused(
      await start("+14255552002", { ip: "10.2.0.1" }),
      /too many codes right now/,
    );
    expect(await sent()).toBe(1);
  });

  test("30 starts at once under a budget of 5 send exactly 5", async () => {
    await withApp({ TRUST_PROXY: "1", SMS_SENDS_PER_HOUR: "5" });
    const responses = await allAtOnce(30, (i) =>
      start(`+1564555${String(1000 + i * 7)}`, { ip: `10.9.${i}.1` }),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(25);
    expect(await sent()).toBe(5);
    const [events] = await rawRows<{ n: number | string }>(
      sql`SELECT sum(events) AS n FROM rate_limit_counts WHERE bucket = 'sms_all'`,
    );
    expect(Number(events?.n)).toBe(5);
  });

  /** `count` verifications of `phone`, started seconds apart from fresh browsers, with their codes. */
  async function pendingCodes(phone: string, count: number) {
    const pending: { browser: TestBrowser; id: string; code: string }[] = [];
    for (let i = 0; i < count; i += 1) {
      advanceClock(3000); // seconds apart: at once, a start is the previous one's twin
      const browser = new TestBrowser(app.url);
      const response = await browser.fetch("/api/verifications", {
        json: { method: "sms", phone },
      });
      expect(response.status).toBe(201);
      const { id } = (await response.json()).verification;
      pending.push({ browser, id, code: await latestCode(app.url, phone) });
    }
    return pending;
  }

  type Pending = Awaited<ReturnType<typeof pendingCodes>>[number];
  const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");
  const guess = ({ browser, id }: Pending, code: string) =>
    browser.fetch(`/api/verifications/${id}/code`, { json: { code } });

  /** What the database holds for the number: attempts over all its codes, its failure row. */
  async function counters(phone: string) {
    const [attempts] = await rawRows<{ n: number | string }>(
      sql`SELECT sum(attempts) AS n FROM verifications WHERE phone = ${phone}`,
    );
    const [row] = await rawRows<{ failures: number | string; locked_until: unknown }>(
      sql`SELECT failures, locked_until FROM sms_number_failures WHERE phone = ${phone}`,
    );
    return {
      attempts: Number(attempts?.n ?? 0),
      failures: row ? Number(row.failures) : undefined,
      lockedUntil: row?.locked_until == null ? null : Number(row.locked_until),
    };
  }

  // The number's failure budget is taken before a code is compared, with the claim of the guess:
  // guesses sent all at once to the codes of one number must not all be evaluated
  // (docs/security.md#guessing). Round robin over 7 codes: at most 3 guesses (RETRIES_ALLOWED)
  // per code, so only the number's budget can stop them.
  const burstEnv = { MAX_FAILURES_PER_NUMBER: "5", RETRIES_ALLOWED: "3", SMS_FAILURE_LOCK: "600" };

  test("18 wrong codes at once over 7 codes of one number: exactly MAX_FAILURES_PER_NUMBER evaluated", async () => {
    await withApp(burstEnv);
    const phone = "+12065554701";
    const pending = await pendingCodes(phone, 7);
    // Called directly, so that the guesses interleave as much as they can.
    const results = await allAtOnce(18, (i) => {
      const { id, code } = pending[i % 7]!;
      return checkCode({ id }, wrongOf(code)).then(
        (result) => (result.kind === "locked" && result.byThisGuess ? "locked by it" : result.kind),
        (error: unknown) => (error instanceof ApiError ? error.code : String(error)),
      );
    });
    const kinds: Record<string, number> = {};
    for (const kind of results) kinds[kind] = (kinds[kind] ?? 0) + 1;
    const evaluated = (kinds.wrong ?? 0) + (kinds["locked by it"] ?? 0);
    expect(evaluated, JSON.stringify(kinds)).toBe(5);
    expect(kinds.rate_limited, JSON.stringify(kinds)).toBe(13);
    expect(await counters(phone)).toEqual({
      attempts: 5,
      failures: 5,
      lockedUntil: expect.any(Number),
    });
    expect((await counters(phone)).lockedUntil).toBeGreaterThan(now());
  });

  test("8 right codes at once at the budget's last slot: one approval, no failure left counted", async () => {
    await withApp(burstEnv);
    const phone = "+12065554703";
    const [first, second] = await pendingCodes(phone, 2);
    for (let i = 0; i < 4; i += 1) {
      const entry = i < 2 ? first! : second!;
      await checkCode({ id: entry.id }, wrongOf(entry.code));
    }
    expect(await counters(phone)).toMatchObject({ failures: 4, lockedUntil: null });
    const [target] = await pendingCodes(phone, 1);
    const results = await allAtOnce(8, () =>
      checkCode({ id: target!.id }, target!.code).then(
        (result) => result.kind,
        (error: unknown) => (error instanceof ApiError ? error.code : String(error)),
      ),
    );
    expect(results.filter((kind) => kind === "approved")).toHaveLength(1);
    // Each other one was refused uncompared, or compared and beaten to the approval.
    expect(results.every((kind) => ["approved", "gone", "rate_limited"].includes(kind))).toBe(true);
    const after = await counters(phone);
    expect(after.failures ?? 0).toBe(0);
    expect(after.lockedUntil).toBeNull();
  });

  test("18 wrong codes at once over HTTP: 5 evaluated, 13 refused; after the cooling the right code resets", async () => {
    await withApp(burstEnv);
    const phone = "+12065554702";
    const pending = await pendingCodes(phone, 7);
    const responses = await allAtOnce(18, (i) =>
      guess(pending[i % 7]!, wrongOf(pending[i % 7]!.code)),
    );
    const kinds: Record<string, number> = {};
    for (const response of responses) {
      const kind = `${response.status} ${await codeOf(response)}`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    // Evaluated: a wrong code (400), or the wrong code that used a code's last attempt (423).
    const evaluated = (kinds["400 invalid_code"] ?? 0) + (kinds["423 locked"] ?? 0);
    expect(evaluated, JSON.stringify(kinds)).toBe(5);
    expect(kinds["429 rate_limited"], JSON.stringify(kinds)).toBe(13);
    const locked = await counters(phone);
    expect(locked).toMatchObject({ attempts: 5, failures: 5 });
    expect(locked.lockedUntil).toBeGreaterThan(now());
    // Locked: even the right code of a code with attempts left is refused, and not counted.
    const untouched = [];
    for (const entry of pending) {
      const [row] = await rawRows<{ attempts: number | string }>(
        sql`SELECT attempts FROM verifications WHERE id = ${entry.id}`,
      );
      if (Number(row?.attempts) < 3) untouched.push(entry);
    }
    expect(untouched.length).toBeGreaterThan(0);
    await expectRefused(await guess(untouched[0]!, untouched[0]!.code), /wrong codes/);
    expect(await counters(phone)).toEqual(locked);

    // After the cooling period the right code is accepted, and the count starts again.
    advanceClock(601_000);
    const [fresh] = await pendingCodes(phone, 1);
    expect((await guess(fresh!, fresh!.code)).status).toBe(200);
    expect((await counters(phone)).failures).toBeUndefined();
    // Reset: one wrong code is one failure, not a new lock.
    const [next] = await pendingCodes(phone, 1);
    expect((await guess(next!, wrongOf(next!.code))).status).toBe(400);
    expect(await counters(phone)).toMatchObject({ failures: 1, lockedUntil: null });
  });

  test("past the budget, a right code sent twice at once: one approval, the other told to retry in a second, not a lock", async () => {
    await withApp(burstEnv);
    const phone = "+12065554704";
    // Spend the budget, then let the lock run out: the count stays, so from now on each guess's
    // slot locks the number while that guess is compared.
    const spent = await pendingCodes(phone, 2);
    for (let i = 0; i < 5; i += 1) {
      await checkCode({ id: spent[i % 2]!.id }, wrongOf(spent[i % 2]!.code));
    }
    expect((await counters(phone)).failures).toBe(5);
    advanceClock(601_000);
    const [fresh] = await pendingCodes(phone, 1);
    // Called directly, so that the second meets the first one's lock while it is compared.
    const results = await allAtOnce(2, () =>
      checkCode({ id: fresh!.id }, fresh!.code).then(
        (result) => result.kind,
        (error: unknown) =>
          error instanceof ApiError
            ? `${error.code} ${error.headers?.["Retry-After"]}`
            : String(error),
      ),
    );
    expect(results).toContain("approved");
    // The other: beaten to the approval, or asked to retry in a second (not SMS_FAILURE_LOCK's 600).
    expect(["gone", "rate_limited 1"]).toContain(results.find((kind) => kind !== "approved"));
    expect(await counters(phone)).toMatchObject({ failures: undefined, lockedUntil: null });
  });

  test("a lock set this instant asks to retry in a second; an older one, to wait it out", async () => {
    await withApp(burstEnv); // SMS_FAILURE_LOCK 600 s
    const at = now();
    const retryAfter = async (phone: string) =>
      (await rejectionOf(assertNumberNotLocked(phone, at), ApiError)).headers?.["Retry-After"];
    // Set by a guess still being compared (a few ms either side of this one).
    await execute(sql`INSERT INTO sms_number_failures (phone, failures, locked_until, updated_at)
      VALUES ('+12065554705', 5, ${at + 600_000}, ${at + 5})`);
    expect(await retryAfter("+12065554705")).toBe("1");
    // Set ten seconds ago: a lock to wait out, whatever SMS_FAILURE_LOCK says now.
    await execute(sql`INSERT INTO sms_number_failures (phone, failures, locked_until, updated_at)
      VALUES ('+12065554706', 5, ${at + 1_000_000}, ${at - 10_000})`);
    expect(await retryAfter("+12065554706")).toBe("1000");
  });

  test("a full budget per number, per hour or per day refuses before a solution is spent", async () => {
    const budgets: Record<string, string>[] = [
      { SMS_SENDS_PER_PHONE_PER_HOUR: "1" },
      { SMS_SENDS_PER_HOUR: "1" },
      { SMS_SENDS_PER_DAY: "1" },
    ];
    for (const budget of budgets) {
      await withApp({ SMS_CHALLENGE: "always", SMS_CHALLENGE_DIFFICULTY: "5", ...budget });
      expect((await start("+12535558301", { challenge: await solved() })).status).toBe(201);
      const payload = await solved();
      // The same number again (seconds later: at once, it would be the first start's twin):
      // every one of these budgets is full.
      advanceClock(3000);
      const refused = await start("+12535558301", { challenge: payload });
      expect(refused.status, JSON.stringify(budget)).toBe(429);
      expect(Object.values(await counted("challenge_used"))).toEqual([1]);
      // The solution was not spent: it still opens a start the budgets allow (another number,
      // where the per-number budget is the full one).
      const again = await start("+12535558302", { challenge: payload });
      const perNumber = "SMS_SENDS_PER_PHONE_PER_HOUR" in budget;
      if (perNumber) expect(again.status).toBe(201);
      else expect(await codeOf(again)).toBe("rate_limited");
      expect(await sent()).toBe(perNumber ? 2 : 1);
    }
  });

  test("a new IPv6 address of the same /64 is the same network for the challenge", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_CHALLENGE: "auto",
      SMS_CHALLENGE_AFTER: "2",
      SMS_CHALLENGE_DIFFICULTY: "5",
    });
    const areas = [206, 212, 213, 253];
    const statuses = [];
    for (const [i, area] of areas.entries()) {
      statuses.push((await start(`+1${area}5551234`, { ip: `2001:db8:7:8::${i + 1}` })).status);
    }
    // Each address is new; their network is not.
    expect(statuses).toEqual([201, 201, 403, 403]);
    // Another network starts with its own allowance.
    expect((await start("+13035551234", { ip: "2001:db8:7:9::1" })).status).toBe(201);
  });

  test("10 starts at once from one address get exactly SMS_CHALLENGE_AFTER through without a challenge", async () => {
    await withApp({
      SMS_CHALLENGE: "auto",
      SMS_CHALLENGE_AFTER: "3",
      SMS_CHALLENGE_DIFFICULTY: "5",
    });
    // Ten numbers of ten prefixes: only the address is shared.
    const areas = [206, 212, 213, 253, 303, 305, 312, 360, 415, 425];
    const responses = await allAtOnce(10, (i) => start(`+1${areas[i]}5551234`));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 403, 403, 403, 403, 403, 403, 403]);
    const refused = responses.filter((response) => response.status === 403);
    expect(await Promise.all(refused.map(codeOf))).toEqual(Array(7).fill("challenge_required"));
    expect(await sent()).toBe(3);
  });

  test("10 starts at once to one prefix from ten addresses get exactly SMS_CHALLENGE_AFTER through", async () => {
    await withApp({
      TRUST_PROXY: "1",
      SMS_CHALLENGE: "auto",
      SMS_CHALLENGE_AFTER: "3",
      SMS_CHALLENGE_DIFFICULTY: "5",
    });
    const responses = await allAtOnce(10, (i) => start(`+1425555700${i}`, { ip: `10.70.${i}.1` }));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
    expect(responses.filter((response) => response.status === 403)).toHaveLength(7);
    expect(await sent()).toBe(3);
  });

  test("a used solution stays used until it expires, to its last second", async () => {
    // Nine seconds into a ten-second slot: the moment a use counted in slots of a sixtieth of
    // the solution's lifetime would be forgotten soonest.
    const at = Math.floor(Date.now() / 10_000) * 10_000 + 9000;
    await withApp({ SMS_CHALLENGE: "always", SMS_CHALLENGE_DIFFICULTY: "5" });
    freezeClock(at);
    const payload = await solved();
    expect((await start("+12535558101", { challenge: payload })).status).toBe(201);
    advanceClock(10 * 60_000 - 1000);
    const replayed = await start("+12535558102", { challenge: payload });
    expect(replayed.status).toBe(403);
    expect(await codeOf(replayed)).toBe("challenge_required");
    advanceClock(2000);
    expect((await start("+12535558103", { challenge: payload })).status).toBe(403);
    expect(await sent()).toBe(1);
  });

  test("an address out of budget is told so before a challenge is asked for or spent", async () => {
    await withApp({
      SMS_CHALLENGE: "auto",
      SMS_CHALLENGE_AFTER: "1",
      SMS_CHALLENGE_DIFFICULTY: "5",
      SMS_SENDS_PER_IP_PER_HOUR: "2",
    });
    expect((await start("+12535558201")).status).toBe(201);
    expect((await start("+13605558202")).status).toBe(403);
    expect((await start("+13605558202", { challenge: await solved() })).status).toBe(201);
    // The address's budget is full: no challenge would help, so none is asked for...
    await expectRefused(await start("+15095558203"), /from your network/);
    // ...and a solution brought along is not spent on a send that cannot happen.
    await expectRefused(
      await start("+15095558203", { challenge: await solved() }),
      /from your network/,
    );
    expect(Object.values(await counted("challenge_used"))).toEqual([1]);
    expect(await sent()).toBe(2);
  });
}
