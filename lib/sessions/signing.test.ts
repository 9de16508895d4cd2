import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importPKCS8,
  jwtVerify,
  SignJWT,
} from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { advanceClock, freezeClock, now, resetClock } from "@/lib/clock";
import { unseal } from "@/lib/crypto";
import { closeDb, databaseDialect, getDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { appSecret } from "@/lib/secrets";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { signingKeys } from "@/lib/db/schema";
import {
  publicJwks,
  RESULT_TOKEN_LIFETIME_S,
  signResultToken,
  verifyResultToken,
  type ResultClaims,
} from "./signing";

// Result tokens and the keys behind them, on a real database: SQLite here, PostgreSQL when
// signing.postgres.test.ts runs this file with DATABASE_URL set.

const DAY = 86_400_000;
const T0 = Date.parse("2026-06-01T12:00:00Z");
const WINDOW_MS = (RESULT_TOKEN_LIFETIME_S + 60) * 1000;
const claims: ResultClaims = {
  aud: "acme",
  phone: "+12065550123",
  method: "sms",
  sessionId: "ses_1",
  reference: "order-42",
  verifiedAt: T0 - 2500,
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  await getDb().delete(signingKeys);
  // A new database handle: nothing of the previous test's keys stays in memory.
  await closeDb();
  freezeClock(T0);
});
afterEach(() => {
  resetClock();
  delete process.env.SIGNING_KEY;
  reloadEnv();
});

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const publishedKids = async () => (await publicJwks()).keys.map((key) => key.kid);
const storedKeys = () => getDb().select().from(signingKeys);

async function refused(token: string, expected: { audience?: string } = {}): Promise<string> {
  const error = await verifyResultToken(token, expected).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: "bad_request", status: 400 });
  const { message } = error as ApiError;
  expect(message).toMatch(/^The token is not valid: /);
  return message;
}

test(`runs on ${process.env.DATABASE_URL ? "postgres" : "sqlite"}`, () => {
  expect(databaseDialect()).toBe(process.env.DATABASE_URL ? "postgres" : "sqlite");
});

test("a token verifies with jose against the published keys and carries the result", async () => {
  const { token, jti, expiresAt } = await signResultToken({ ...claims, name: "Ada Lovelace" });
  const { payload, protectedHeader } = await jwtVerify(
    token,
    createLocalJWKSet(await publicJwks()),
    {
      issuer: app.url,
      audience: "acme",
      algorithms: ["ES256"],
      currentDate: new Date(now()),
    },
  );
  expect(protectedHeader).toEqual({ alg: "ES256", kid: expect.any(String), typ: "JWT" });
  const iat = Math.floor(T0 / 1000);
  expect(payload).toEqual({
    iss: app.url,
    aud: "acme",
    sub: "+12065550123",
    phone_number: "+12065550123",
    phone_number_verified: true,
    amr: ["sms"],
    sid: "ses_1",
    reference: "order-42",
    name: "Ada Lovelace",
    auth_time: Math.floor(T0 / 1000) - 3,
    iat,
    exp: iat + 300,
    jti,
  });
  expect(expiresAt).toBe((iat + 300) * 1000);
  expect(await verifyResultToken(token, { audience: "acme" })).toEqual(payload);
});

test("a token without a name has no name claim, and a null reference stays null", async () => {
  const { token } = await signResultToken({ ...claims, reference: null, name: null });
  const result = await verifyResultToken(token);
  expect(result).not.toHaveProperty("name");
  expect(result.reference).toBeNull();
  expect(result.amr).toEqual(["sms"]);
});

test("the JWKS lists public halves only, each with kid, alg and use", async () => {
  await signResultToken(claims);
  const { keys } = await publicJwks();
  expect(keys).toHaveLength(1);
  expect(keys[0]).toEqual({
    kty: "EC",
    crv: "P-256",
    x: expect.any(String),
    y: expect.any(String),
    kid: expect.any(String),
    alg: "ES256",
    use: "sig",
  });
  expect(keys[0]!.kid).toBe(await calculateJwkThumbprint(keys[0]!));
});

test("a generated key is stored sealed, reused, and still used after the cache is gone", async () => {
  const first = kidOf((await signResultToken(claims)).token);
  expect(kidOf((await signResultToken(claims)).token)).toBe(first);
  const rows = await storedKeys();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ kid: first, createdAt: T0, retiredAt: null });
  expect(rows[0]!.privateKey).not.toContain("PRIVATE KEY");
  expect(unseal(appSecret(), rows[0]!.privateKey)).toContain("BEGIN PRIVATE KEY");
  await closeDb();
  advanceClock(DAY);
  expect(kidOf((await signResultToken(claims)).token)).toBe(first);
  expect(await storedKeys()).toHaveLength(1);
});

test("after SIGNING_KEY_ROTATION days a new key signs; the old one stays published for the window", async () => {
  const old = kidOf((await signResultToken(claims)).token)!;
  advanceClock(30 * DAY - 60_000);
  const last = await signResultToken(claims);
  expect(kidOf(last.token)).toBe(old);
  // A token the old key signs with a long life, to tell "key gone" from "token expired".
  const [row] = await getDb().select().from(signingKeys).where(eq(signingKeys.kid, old));
  const oldKey = await importPKCS8(unseal(appSecret(), row!.privateKey)!, "ES256");
  const longLived = await new SignJWT({ ...wireClaims(), sid: "ses_1" })
    .setProtectedHeader({ alg: "ES256", kid: old, typ: "JWT" })
    .setIssuer(app.url)
    .setAudience("acme")
    .setSubject(claims.phone)
    .setIssuedAt(Math.floor(now() / 1000))
    .setExpirationTime(Math.floor(now() / 1000) + 3600)
    .setJti("long")
    .sign(oldKey);

  advanceClock(120_000);
  const rotatedAt = now();
  const fresh = kidOf((await signResultToken(claims)).token)!;
  expect(fresh).not.toBe(old);
  expect(await publishedKids()).toEqual([fresh, old]);
  expect((await storedKeys()).find((key) => key.kid === old)?.retiredAt).toBe(rotatedAt);
  await expect(verifyResultToken(last.token)).resolves.toMatchObject({ jti: last.jti });

  advanceClock(WINDOW_MS - 1000);
  expect(await publishedKids()).toEqual([fresh, old]);
  await expect(verifyResultToken(longLived)).resolves.toMatchObject({ jti: "long" });

  advanceClock(2000);
  expect(await publishedKids()).toEqual([fresh]);
  expect(await refused(longLived)).toBe(
    "The token is not valid: it was not signed by one of our keys.",
  );
});

test("SIGNING_KEY signs when set, and the generated keys before it are retired but published for the window", async () => {
  const generated = await signResultToken(claims);
  const pem = generateKeyPairSync("ec", { namedCurve: "P-256" })
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
  process.env.SIGNING_KEY = pem;
  reloadEnv();
  const thumbprint = await calculateJwkThumbprint(
    await exportJWK(await importPKCS8(pem, "ES256", { extractable: true })),
  );
  const token = (await signResultToken(claims)).token;
  expect(kidOf(token)).toBe(thumbprint);
  expect(await publishedKids()).toEqual([thumbprint, kidOf(generated.token)]);
  expect((await storedKeys())[0]!.retiredAt).toBe(T0);
  await expect(verifyResultToken(generated.token)).resolves.toMatchObject({ sid: "ses_1" });
  await expect(verifyResultToken(token)).resolves.toMatchObject({ sid: "ses_1" });

  advanceClock(WINDOW_MS + 1000);
  expect(await publishedKids()).toEqual([thumbprint]);
});

test("a SIGNING_KEY on another curve is refused by name", async () => {
  process.env.SIGNING_KEY = generateKeyPairSync("ec", { namedCurve: "P-384" })
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
  reloadEnv();
  await expect(signResultToken(claims)).rejects.toThrow(/SIGNING_KEY is not an ES256 private key/);
});

describe("verifyResultToken refuses", () => {
  test("a payload changed after signing", async () => {
    const { token } = await signResultToken(claims);
    const [header, payload, signature] = token.split(".");
    const changed = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "+1" };
    const forged = [header, Buffer.from(JSON.stringify(changed)).toString("base64url"), signature];
    expect(await refused(forged.join("."))).toBe(
      "The token is not valid: its signature does not match.",
    );
  });

  test("HS256 and none, even naming our key", async () => {
    const kid = kidOf((await signResultToken(claims)).token);
    const hs256 = await new SignJWT(wireClaims())
      .setProtectedHeader({ alg: "HS256", kid, typ: "JWT" })
      .sign(new TextEncoder().encode("a shared secret a shared secret!"));
    expect(await refused(hs256)).toBe("The token is not valid: it must be signed with ES256.");
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none", kid, typ: "JWT" })}.${encode(wireClaims())}.`;
    expect(await refused(unsigned)).toBe("The token is not valid: it must be signed with ES256.");
  });

  test("an expired token", async () => {
    const { token } = await signResultToken(claims);
    advanceClock(RESULT_TOKEN_LIFETIME_S * 1000 + 1000);
    expect(await refused(token)).toBe("The token is not valid: it has expired.");
  });

  test("a token signed by a key we never published", async () => {
    await signResultToken(claims);
    const { privateKey } = await generateKeyPair("ES256");
    const stranger = await new SignJWT(wireClaims())
      .setProtectedHeader({ alg: "ES256", kid: "stranger", typ: "JWT" })
      .sign(privateKey);
    expect(await refused(stranger)).toBe(
      "The token is not valid: it was not signed by one of our keys.",
    );
  });

  test("a token for another API key, when the audience is given", async () => {
    const { token } = await signResultToken(claims);
    expect(await refused(token, { audience: "other-app" })).toBe(
      "The token is not valid: it was issued to another API key.",
    );
  });

  test("garbage", async () => {
    expect(await refused("not.a.jwt")).toBe("The token is not valid: it is not a signed JWT.");
  });
});

test("two instances generating at once: both keys published, the newer one signs everywhere", async () => {
  // Two copies of the module, as two processes would have: each its own cache and clock.
  const instance = async () => {
    vi.resetModules();
    const clock = await import("@/lib/clock");
    clock.freezeClock(T0);
    return { clock, signing: await import("./signing") };
  };
  const race = async () => {
    await getDb().delete(signingKeys);
    const [a, b] = [await instance(), await instance()];
    let release!: () => void;
    const barrier = new Promise<void>((resolve) => (release = resolve));
    const both = Promise.all(
      [a, b].map(({ signing }) => barrier.then(() => signing.signResultToken(claims))),
    );
    release();
    const [fromA, fromB] = await both;
    return { a, b, fromA: fromA!, fromB: fromB!, generated: (await storedKeys()).length };
  };
  // On PostgreSQL one instance may read the other's new key before making its own: race again
  // until both made one, the case under test.
  let round = await race();
  for (let tries = 1; round.generated < 2 && tries < 10; tries += 1) round = await race();
  expect(round.generated).toBe(2);
  const { a, b, fromA, fromB } = round;

  // Each accepts the other's token at once: a kid it has not seen makes it read the keys again.
  for (const { clock } of [a, b]) clock.advanceClock(1000);
  await expect(a.signing.verifyResultToken(fromB.token)).resolves.toMatchObject({ sid: "ses_1" });
  await expect(b.signing.verifyResultToken(fromA.token)).resolves.toMatchObject({ sid: "ses_1" });

  for (const { clock } of [a, b]) clock.advanceClock(60_000);
  const stored = await storedKeys();
  expect(stored.every((key) => key.retiredAt === null)).toBe(true);
  const newest = stored.sort((x, y) => y.createdAt - x.createdAt || (y.kid < x.kid ? -1 : 1))[0]!;
  for (const { signing } of [a, b]) {
    const kids = (await signing.publicJwks()).keys.map((key) => key.kid).sort();
    expect(kids).toEqual(stored.map((key) => key.kid).sort());
    expect(kidOf((await signing.signResultToken(claims)).token)).toBe(newest.kid);
  }
});

/** What a result token carries, for the tokens the tests forge. */
function wireClaims() {
  const iat = Math.floor(now() / 1000);
  return {
    iss: app.url,
    aud: "acme",
    sub: claims.phone,
    phone_number: claims.phone,
    phone_number_verified: true,
    amr: ["sms"],
    sid: "ses_1",
    reference: null,
    iat,
    exp: iat + 300,
    jti: "forged",
  };
}
