import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, freezeClock, now, resetClock } from "@/lib/clock";
import { reloadEnv } from "@/lib/env";
import { findSandboxKey } from "@/lib/methods/phonecheck/emulator/queries";
import { findVerification } from "@/lib/db/verifications";
import { createCheck, getCheck } from "./provider";
import { SIGNED_HEADERS, signingString } from "@/lib/methods/phonecheck/provider/signature";
import { signWithSandboxKey } from "@/lib/methods/phonecheck/emulator/keys";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import {
  checkOf,
  emulatorConfig,
  follow,
  tapContinue,
  startCheck,
  listSandboxCallbacks,
} from "@/lib/testing/phonecheck";

// tru.ID's signed callbacks (TRUID_CALLBACK_URL set; v0.1, so that only the callback, not a
// code exchange, can change a verification here): verified against the JWKS before anything.

let app: TestApp;
let callbackUrl: string;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ TRUID_PHONECHECK_VERSION: "v0.1" });
  callbackUrl = `${app.url}/api/phone-check/callback`;
  process.env.TRUID_CALLBACK_URL = callbackUrl;
  reloadEnv();
});
afterAll(() => app.close());
afterEach(() => resetClock());

function phone(last: string): string {
  counter += 1;
  const digits = `206555${3000 + counter * 10}`;
  return `+1${digits.slice(0, 10 - last.length)}${last}`;
}

const config = () => emulatorConfig(app.url);

/** An Authorization header in tru.ID's draft-cavage form (docs/providers.md#callbacks-and-signatures). */
function formatSignature(params: {
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
}): string {
  return (
    `Signature keyId="${params.keyId}",algorithm="${params.algorithm}",` +
    `headers="${params.headers.join(" ")}",signature="${params.signature}"`
  );
}

describe("callbacks from the emulator", () => {
  test("COMPLETED: the verification is approved by the callback alone, before any poll", async () => {
    const started = await startCheck(new TestBrowser(app.url), phone("2"));
    const check = await checkOf(started.id);
    expect(check.callbackUrl).toBe(callbackUrl);
    await tapContinue(new TestBrowser(app.url), started.phonecheck.openUrl!);
    expect(await findVerification(started.id)).toMatchObject({ status: "approved" });
    const [delivery] = await listSandboxCallbacks(check.checkId);
    expect(delivery).toMatchObject({ attempts: 1, lastStatus: 200, nextAttemptAt: null });
    expect(JSON.parse(delivery!.body)).toMatchObject({
      check_id: check.checkId,
      status: "COMPLETED",
      match: true,
    });
  });

  test("ERROR (…99) fails it; EXPIRED (the ttl, by the clock) expires it", async () => {
    const failed = await startCheck(new TestBrowser(app.url), phone("99"));
    await tapContinue(new TestBrowser(app.url), failed.phonecheck.openUrl!);
    expect(await findVerification(failed.id)).toMatchObject({
      status: "failed",
      statusReason: "check_error",
    });

    const idle = await startCheck(new TestBrowser(app.url), phone("4"));
    advanceClock(120_000);
    // Any request to the emulator runs its clock: the check expires and its callback goes out.
    await fetch(`${app.url}/api/sandbox/tru-id/simulator/checks?number=%2B12065550000`);
    expect(await findVerification(idle.id)).toMatchObject({
      status: "expired",
      statusReason: "timed_out",
    });
  });

  test("a receiver that fails is retried at +10 s, +20 s … up to a minute, then given up", async () => {
    freezeClock(Date.now());
    const created = await createCheck(config(), {
      version: "v0.1",
      phoneNumber: phone("6").slice(1),
      callbackUrl: `${app.url}/api/phone-check/no-such-receiver`,
    });
    await follow(new TestBrowser(app.url), created.checkUrl);
    const deliveries = async () => (await listSandboxCallbacks(created.checkId))[0]!;
    expect(await deliveries()).toMatchObject({ attempts: 1, lastStatus: 404 });
    for (const step of [10, 20, 30, 40, 50, 60]) {
      const before = await deliveries();
      advanceClock(step * 1000 - 1);
      await getCheck(config(), "v0.1", created.checkId);
      expect((await deliveries()).attempts).toBe(before.attempts);
      advanceClock(1);
      await getCheck(config(), "v0.1", created.checkId);
      expect((await deliveries()).attempts).toBe(before.attempts + 1);
    }
    expect(await deliveries()).toMatchObject({
      attempts: 7,
      nextAttemptAt: null,
      deliveredAt: null,
    });
  });

  test("the JWKS publishes the public half of a key kept in the database", async () => {
    const response = await fetch(`${app.url}/api/sandbox/tru-id/.well-known/jwks.json`);
    const { keys } = await response.json();
    const stored = await findSandboxKey();
    expect(keys).toEqual([
      expect.objectContaining({
        kid: stored!.kid,
        kty: "RSA",
        alg: "RS256",
        n: expect.any(String),
      }),
    ]);
    expect(keys[0]).not.toHaveProperty("d");
  });
});

describe("the receiver", () => {
  /** What a forger changes; a delivery without any of these is tru.ID's own. */
  type Tamper = {
    unsigned?: true; // no Authorization header
    otherKey?: true; // signed, under tru.ID's keyId, by another key
    forgedResult?: true; // the body says match:false; digest and signature are over match:true
    headers?: string[]; // the headers the signature covers
    dateOffsetMs?: number;
    digest?: (body: string) => string; // the Digest header, signed as sent
  };

  const sha256 = (body: string) => createHash("sha256").update(body).digest();
  const base64Digest = (body: string) => `SHA-256=${sha256(body).toString("base64")}`;

  async function deliver(checkId: string, tamper: Tamper = {}) {
    const signedBody = JSON.stringify({ check_id: checkId, status: "COMPLETED", match: true });
    const url = new URL(callbackUrl);
    const date = new Date(now() + (tamper.dateOffsetMs ?? 0)).toUTCString();
    const digest = (tamper.digest ?? base64Digest)(signedBody);
    const headers = tamper.headers ?? SIGNED_HEADERS;
    const values: Record<string, string> = {
      host: url.host,
      date,
      "x-tru-callback": "phone_check",
      digest,
    };
    const text = signingString(headers, {
      method: "POST",
      path: url.pathname,
      header: (name) => values[name],
    })!;
    const signed = await signWithSandboxKey(text);
    const { kid } = signed;
    let signature = signed.signature;
    if (tamper.otherKey) {
      // A valid signature, but by a key that is not tru.ID's, under tru.ID's keyId.
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      signature = sign("sha256", Buffer.from(text), privateKey).toString("base64");
    }
    const authorization = formatSignature({
      keyId: kid,
      algorithm: "rsa-sha256",
      headers,
      signature,
    });
    return fetch(callbackUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        date,
        "x-tru-callback": "phone_check",
        digest,
        ...(tamper.unsigned ? {} : { Authorization: authorization }),
      },
      body: tamper.forgedResult ? signedBody.replace("true", "false") : signedBody,
    });
  }

  async function pendingCheck() {
    const started = await startCheck(new TestBrowser(app.url), phone("8"));
    return { id: started.id, checkId: (await checkOf(started.id)).checkId };
  }

  test("a valid signature: 200, and the result counts", async () => {
    const { id, checkId } = await pendingCheck();
    const response = await deliver(checkId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, applied: true });
    expect(await findVerification(id)).toMatchObject({ status: "approved" });
  });

  test("a valid signature after the verification's time ran out: acknowledged, expired, not approved", async () => {
    const { id, checkId } = await pendingCheck();
    const { expiresAt } = (await findVerification(id))!;
    // Nobody polled it since: only the callback reads it, late (tru.ID retrying).
    advanceClock(expiresAt - now() + 1_000);
    const response = await deliver(checkId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, applied: false });
    expect(await findVerification(id)).toMatchObject({ status: "expired" });
  });

  // tru.ID's specification says "Base64 encoded" but writes SHA-256=hex(SHA256(Body))
  // (docs/providers.md#callbacks-and-signatures): either encoding of the right hash counts.
  test.each<[string, (body: string) => string]>([
    ["base64 (RFC 3230)", (body) => `SHA-256=${sha256(body).toString("base64")}`],
    ["hex", (body) => `SHA-256=${sha256(body).toString("hex")}`],
    ["upper-case hex", (body) => `SHA-256=${sha256(body).toString("hex").toUpperCase()}`],
    ["base64, lower-case name", (body) => `sha-256=${sha256(body).toString("base64")}`],
  ])("a Digest in %s: 200, and the result counts", async (_name, digest) => {
    const { id, checkId } = await pendingCheck();
    const response = await deliver(checkId, { digest });
    expect(response.status).toBe(200);
    expect(await findVerification(id)).toMatchObject({ status: "approved" });
  });

  test.each<[string, (body: string) => string]>([
    ["hex of another body", () => `SHA-256=${sha256("{}").toString("hex")}`],
    ["base64 of another body", () => `SHA-256=${sha256("{}").toString("base64")}`],
    ["truncated hex", (body) => `SHA-256=${sha256(body).toString("hex").slice(0, 62)}`],
    ["another algorithm", (body) => `SHA-512=${sha256(body).toString("base64")}`],
    ["no value", () => "SHA-256="],
  ])("a Digest that is %s: refused, nothing changes", async (_name, digest) => {
    const { id, checkId } = await pendingCheck();
    const response = await deliver(checkId, { digest });
    expect(response.status).toBe(400);
    expect(await findVerification(id)).toMatchObject({ status: "pending" });
  });

  test.each<[string, Tamper]>([
    ["missing", { unsigned: true }],
    ["made with another key", { otherKey: true }],
    ["over another body", { forgedResult: true }],
    ["not covering the digest", { headers: ["(request-target)", "host", "date"] }],
    ["dated an hour ago", { dateOffsetMs: -3600_000 }],
  ])("a signature %s: refused, nothing changes", async (_name, tamper) => {
    const { id, checkId } = await pendingCheck();
    const response = await deliver(checkId, tamper);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request");
    expect(await findVerification(id)).toMatchObject({ status: "pending" });
  });
});
