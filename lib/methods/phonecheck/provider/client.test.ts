import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { findSandboxCheck } from "@/lib/methods/phonecheck/emulator/queries";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { allAtOnce } from "@/lib/testing/sandbox";
import { createCheck, getCheck, redeemCode } from "./client";
import { TruIdError } from "./errors";
import type { TruIdConfig } from "./config";
import { emulatorConfig, countSandboxTokens, revokeSandboxTokens } from "@/lib/testing/phonecheck";
import { rejectionOf } from "@/lib/testing/rejection";

// The real tru.ID client against the app's emulator of tru.ID, over HTTP.

let app: TestApp;
let config: TruIdConfig;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
  config = emulatorConfig(app.url);
});
afterAll(() => app.close());
// Each test starts without a cached token: token.ts keeps its cache on globalThis.truidTokens.
beforeEach(() => (globalThis as { truidTokens?: Map<string, unknown> }).truidTokens?.clear());
afterEach(() => resetClock());

/** A fresh UK mobile number (digits) ending in `last`. */
function number(last: string): string {
  counter += 1;
  const base = `4479${String(10_000_000 + counter * 37)}`;
  return `${base.slice(0, 12 - last.length)}${last}`;
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, TruIdError);

/**
 * A phone on mobile data opening the check URL: each hop through tru.ID and the operator,
 * without following on its own, and not into the app that the last one lands on.
 */
async function openCheckUrl(url: string): Promise<Response[]> {
  const hops: Response[] = [];
  let next: string | undefined = url;
  while (next && next.startsWith(`${app.url}/api/sandbox/`) && hops.length < 5) {
    const response: Response = await fetch(next, { redirect: "manual" });
    hops.push(response);
    next = response.headers.get("location") ?? undefined;
  }
  return hops;
}

describe("tokens", () => {
  test("ten checks started at once make one token request", async () => {
    const before = await countSandboxTokens();
    const checks = await allAtOnce(10, (i) =>
      createCheck(config, { version: "v0.2", phoneNumber: number(String(i % 10)) }),
    );
    expect(new Set(checks.map((check) => check.checkId)).size).toBe(10);
    expect((await countSandboxTokens()) - before).toBe(1);
  });

  test("the token is kept until a minute before expires_in, then renewed", async () => {
    await createCheck(config, { version: "v0.1", phoneNumber: number("2") });
    const before = await countSandboxTokens();
    advanceClock((3600 - 61) * 1000);
    await createCheck(config, { version: "v0.1", phoneNumber: number("2") });
    expect(await countSandboxTokens()).toBe(before);
    advanceClock(2000);
    await createCheck(config, { version: "v0.1", phoneNumber: number("2") });
    expect(await countSandboxTokens()).toBe(before + 1);
  });

  test("a token tru.ID stops accepting is replaced once, and the call succeeds", async () => {
    await createCheck(config, { version: "v0.1", phoneNumber: number("4") });
    await revokeSandboxTokens(now()); // behind the client's back: its cached token is dead
    const before = await countSandboxTokens();
    const check = await createCheck(config, { version: "v0.1", phoneNumber: number("4") });
    expect(check.status).toBe("ACCEPTED");
    expect(await countSandboxTokens()).toBe(before + 1);
  });

  test("wrong client credentials: unauthorized, at the token endpoint", async () => {
    const error = await failure(
      createCheck(
        { ...config, clientSecret: "wrong" },
        { version: "v0.2", phoneNumber: number("2") },
      ),
    );
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
  });
});

describe("a 401 that persists", () => {
  let stub: Server;
  let stubUrl: string;
  const seen: string[] = [];

  beforeAll(async () => {
    // tru.ID's edge as a stub: tokens are issued, but every product call is refused.
    stub = createServer((request: IncomingMessage, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.setHeader("Content-Type", "application/json");
      if (request.url === "/oauth2/v1/token") {
        response.end(JSON.stringify({ access_token: `t${seen.length}`, expires_in: 3600 }));
      } else {
        response.statusCode = 401;
        response.end("{}");
      }
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

  test("is refreshed exactly once, then reported as unauthorized", async () => {
    const error = await failure(
      getCheck({ ...config, baseUrl: stubUrl }, "v0.1", "c69bc0e6-a429-11ea-bb37-0242ac130002"),
    );
    expect(error.kind).toBe("unauthorized");
    expect(seen).toEqual([
      "POST /oauth2/v1/token",
      "GET /phone_check/v0.1/checks/c69bc0e6-a429-11ea-bb37-0242ac130002",
      "POST /oauth2/v1/token",
      "GET /phone_check/v0.1/checks/c69bc0e6-a429-11ea-bb37-0242ac130002",
    ]);
  });
});

describe("v0.1: the guide's flow", () => {
  test("create, the phone opens the check URL, GET reads the match", async () => {
    const created = await createCheck(config, { version: "v0.1", phoneNumber: number("6") });
    expect(created).toMatchObject({ status: "ACCEPTED", ttlSeconds: 120 });
    expect(created.checkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.checkUrl).toBe(
      `${config.baseUrl}/phone_check/v0.1/checks/${created.checkId}/redirect`,
    );
    expect(await getCheck(config, "v0.1", created.checkId)).toEqual({
      checkId: created.checkId,
      status: "ACCEPTED",
    });

    const hops = await openCheckUrl(created.checkUrl);
    // tru.ID → the operator → the end of the journey.
    expect(hops.map((hop) => hop.status)).toEqual([302, 200]);
    expect(hops[0]!.headers.get("location")).toContain("/api/sandbox/tru-id/mno/");
    expect(await getCheck(config, "v0.1", created.checkId)).toEqual({
      checkId: created.checkId,
      status: "COMPLETED",
      match: true,
    });
  });

  test("an odd last digit: COMPLETED without a match; …99: ERROR, and no match field", async () => {
    const odd = await createCheck(config, { version: "v0.1", phoneNumber: number("7") });
    await openCheckUrl(odd.checkUrl);
    expect(await getCheck(config, "v0.1", odd.checkId)).toMatchObject({
      status: "COMPLETED",
      match: false,
    });
    const error = await createCheck(config, { version: "v0.1", phoneNumber: number("99") });
    await openCheckUrl(error.checkUrl);
    const state = await getCheck(config, "v0.1", error.checkId);
    expect(state).toEqual({
      checkId: error.checkId,
      status: "ERROR",
      errorCode: "mno_server_error",
    });
  });

  test("the check expires after its ttl, by the clock", async () => {
    const created = await createCheck(config, { version: "v0.1", phoneNumber: number("8") });
    advanceClock(119_000);
    expect((await getCheck(config, "v0.1", created.checkId)).status).toBe("ACCEPTED");
    advanceClock(1000);
    expect((await getCheck(config, "v0.1", created.checkId)).status).toBe("EXPIRED");
    const [late] = await openCheckUrl(created.checkUrl);
    expect(late!.status).toBe(404);
  });
});

describe("v0.2: the code exchange", () => {
  // The emulator redirects only to the app it serves.
  const redirectUrl = () => `${app.url}/api/phone-check/redirect?from=test`;

  async function visit(phoneNumber: string) {
    const created = await createCheck(config, {
      version: "v0.2",
      phoneNumber,
      redirectUrl: redirectUrl(),
    });
    const hops = await openCheckUrl(created.checkUrl);
    const landing = new URL(hops.at(-1)!.headers.get("location")!);
    return { created, hops, landing };
  }

  test("the phone lands on redirect_url with check_id and code; the PATCH gives the match", async () => {
    const { created, hops, landing } = await visit(number("0"));
    expect(hops.map((hop) => hop.status)).toEqual([302, 302]);
    expect(`${landing.origin}${landing.pathname}`).toBe(`${app.url}/api/phone-check/redirect`);
    expect(landing.searchParams.get("from")).toBe("test");
    expect(landing.searchParams.get("check_id")).toBe(created.checkId);
    const code = landing.searchParams.get("code")!;
    expect(code.length).toBeGreaterThanOrEqual(10);
    // Until the code is redeemed the check is PENDING, and GET says nothing of a match.
    expect(await getCheck(config, "v0.2", created.checkId)).toEqual({
      checkId: created.checkId,
      status: "PENDING",
    });
    expect(await redeemCode(config, created.checkId, code)).toEqual({
      checkId: created.checkId,
      status: "COMPLETED",
      match: true,
    });
  });

  test("a replayed PATCH gets the final state; a wrong code completes without a match", async () => {
    const first = await visit(number("2"));
    const code = first.landing.searchParams.get("code")!;
    await redeemCode(config, first.created.checkId, code);
    expect(await redeemCode(config, first.created.checkId, code)).toMatchObject({
      status: "COMPLETED",
      match: true,
    });
    expect((await findSandboxCheck(first.created.checkId))?.patches).toBe(2);

    const second = await visit(number("4"));
    expect(await redeemCode(config, second.created.checkId, "not-the-code")).toMatchObject({
      status: "COMPLETED",
      match: false,
    });
  });

  test("a PATCH before the phone opened the check URL: 404 not_found", async () => {
    const created = await createCheck(config, {
      version: "v0.2",
      phoneNumber: number("6"),
      redirectUrl: redirectUrl(),
    });
    const error = await failure(redeemCode(config, created.checkId, "guess"));
    expect(error).toMatchObject({ kind: "not_found", status: 404, type: "check_not_found" });
  });

  test("an odd last digit: the code redeems to match:false", async () => {
    const { created, landing } = await visit(number("3"));
    expect(
      await redeemCode(config, created.checkId, landing.searchParams.get("code")!),
    ).toMatchObject({ status: "COMPLETED", match: false });
  });

  test("without a redirect_url the journey ends with JSON {check_id, code}", async () => {
    const created = await createCheck(config, { version: "v0.2", phoneNumber: number("8") });
    const hops = await openCheckUrl(created.checkUrl);
    expect(hops.map((hop) => hop.status)).toEqual([302, 200]);
    const body = await hops[1]!.json();
    expect(body).toEqual({ check_id: created.checkId, code: expect.any(String) });
    expect((await redeemCode(config, created.checkId, body.code)).match).toBe(true);
  });

  test("a phone on Wi-Fi (…8412): the check URL answers 412 and the check ends in ERROR", async () => {
    const created = await createCheck(config, {
      version: "v0.2",
      phoneNumber: number("8412"),
      redirectUrl: redirectUrl(),
    });
    const [hop] = await openCheckUrl(created.checkUrl);
    expect(hop!.status).toBe(412);
    expect(hop!.headers.get("content-type")).toContain("application/problem+json");
    expect(await getCheck(config, "v0.2", created.checkId)).toEqual({
      checkId: created.checkId,
      status: "ERROR",
      errorCode: "not_mobile_ip",
    });
  });
});

describe("errors", () => {
  test.each([
    ["447700900000", "not E.164 digits", "+447700900000", "phone_format_invalid", 400],
    ["an unsupported operator", "", "7400", "mno_not_supported", 400],
    ["an IP that belongs to another number", "", "7409", "ip_msisdn_mismatch", 409],
    ["not a mobile IP", "", "7412", "not_mobile_ip", 412],
  ])("%s %s: problem+json parsed into %s", async (_name, _more, suffix, kind, status) => {
    const phoneNumber = suffix.startsWith("+") ? suffix : number(suffix);
    const error = await failure(createCheck(config, { version: "v0.2", phoneNumber }));
    expect(error).toMatchObject({ kind, status, type: kind });
    expect(error.detail).toBeTruthy();
  });

  test("rate limited: 429 with Retry-After", async () => {
    const error = await failure(
      createCheck(config, { version: "v0.2", phoneNumber: number("7429") }),
    );
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSeconds: 30 });
  });

  test.each([
    ["7500", 500],
    ["7503", 503],
  ])("server errors: …%s gives %i", async (suffix, status) => {
    const error = await failure(
      createCheck(config, { version: "v0.1", phoneNumber: number(suffix) }),
    );
    expect(error).toMatchObject({ kind: "server", status });
  });

  test("no answer within the timeout: timeout", async () => {
    await createCheck(config, { version: "v0.1", phoneNumber: number("2") }); // token first
    const error = await failure(
      createCheck({ ...config, timeoutMs: 300 }, { version: "v0.1", phoneNumber: number("7408") }),
    );
    expect(error.kind).toBe("timeout");
  });

  test("a 201 whose body is not the documented JSON: malformed", async () => {
    const error = await failure(
      createCheck(config, { version: "v0.2", phoneNumber: number("7202") }),
    );
    expect(error).toMatchObject({ kind: "malformed", status: 201 });
  });

  test("an unknown check: not_found", async () => {
    const error = await failure(getCheck(config, "v0.2", "00000000-0000-4000-8000-000000000000"));
    expect(error).toMatchObject({ kind: "not_found", type: "check_not_found" });
  });

  test("nothing listening: network", async () => {
    const error = await failure(
      createCheck(
        { ...config, baseUrl: "http://127.0.0.1:9" },
        { version: "v0.2", phoneNumber: number("2") },
      ),
    );
    expect(error.kind).toBe("network");
  });
});

describe("check_url is taken from _links, never rebuilt", () => {
  let stub: Server;
  let stubUrl: string;
  beforeAll(async () => {
    // The spec's own example spells the path /phone_checks/ (plural): whatever tru.ID sends is
    // what the phone must open.
    stub = createServer((request, response) => {
      response.setHeader("Content-Type", "application/json");
      if (request.url === "/oauth2/v1/token") {
        response.end(JSON.stringify({ access_token: "t", expires_in: 3600 }));
        return;
      }
      response.statusCode = 201;
      response.end(
        JSON.stringify({
          check_id: "c69bc0e6-a429-11ea-bb37-0242ac130002",
          status: "ACCEPTED",
          ttl: 60,
          _links: {
            self: { href: "https://eu.api.tru.id/phone_checks/v0.2/checks/c69bc0e6" },
            check_url: {
              href: "https://mno.example/phone_checks/v0.2/checks/c69bc0e6/redirect?x=1",
            },
          },
        }),
      );
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

  test("the href comes back verbatim, with its ttl", async () => {
    const created = await createCheck(
      { ...config, baseUrl: stubUrl },
      { version: "v0.2", phoneNumber: "447700900002" },
    );
    expect(created).toEqual({
      checkId: "c69bc0e6-a429-11ea-bb37-0242ac130002",
      checkUrl: "https://mno.example/phone_checks/v0.2/checks/c69bc0e6/redirect?x=1",
      status: "ACCEPTED",
      ttlSeconds: 60,
    });
  });
});
