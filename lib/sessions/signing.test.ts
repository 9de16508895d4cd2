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
import { seal, unseal } from "@/lib/crypto";
import { closeDb, databaseDialect, getDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { appSecret } from "@/lib/secrets";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { signingKeys } from "@/lib/db/schema";
import { PUBLISH_AHEAD_MS } from "./signing-keys";
import {
  JWKS_MAX_AGE_S,
  publicJwks,
  RESULT_TOKEN_LIFETIME_S,
  signResultToken,
  verifyResultToken,
  type ResultClaims,
} from "./signing";
import { rejectionOf } from "@/lib/testing/rejection";

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
  const error = await rejectionOf(verifyResultToken(token, expected), ApiError);
  expect(error).toMatchObject({ code: "bad_request", status: 400 });
  const { message } = error;
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

test("after SIGNING_KEY_ROTATION days a new key signs, published ahead; the old one stays published for the window", async () => {
  const old = kidOf((await signResultToken(claims)).token)!;
  // Not yet: the next key is made PUBLISH_AHEAD_MS before the old one is due.
  advanceClock(30 * DAY - PUBLISH_AHEAD_MS - 60_000);
  expect(kidOf((await signResultToken(claims)).token)).toBe(old);
  expect(await publishedKids()).toEqual([old]);

  advanceClock(120_000);
  const madeAt = now();
  expect(kidOf((await signResultToken(claims)).token)).toBe(old);
  const [next] = (await publishedKids()).filter((kid) => kid !== old);
  expect(await publishedKids()).toEqual([next, old]);
  expect((await storedKeys()).find((key) => key.kid === next)).toMatchObject({
    createdAt: madeAt,
    retiredAt: null,
  });
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

  // The old key signs until the next one has been published PUBLISH_AHEAD_MS; then it retires.
  advanceClock(PUBLISH_AHEAD_MS - 31_000);
  await closeDb();
  const last = await signResultToken(claims);
  expect(kidOf(last.token)).toBe(old);
  advanceClock(31_000);
  const rotatedAt = now();
  await closeDb();
  expect(kidOf((await signResultToken(claims)).token)).toBe(next);
  expect(await publishedKids()).toEqual([next, old]);
  expect((await storedKeys()).find((key) => key.kid === old)?.retiredAt).toBe(rotatedAt);
  await expect(verifyResultToken(last.token)).resolves.toMatchObject({ jti: last.jti });

  advanceClock(WINDOW_MS - 1000);
  expect(await publishedKids()).toEqual([next, old]);
  await expect(verifyResultToken(longLived)).resolves.toMatchObject({ jti: "long" });

  advanceClock(2000);
  expect(await publishedKids()).toEqual([next]);
  expect(await refused(longLived)).toBe(
    "The token is not valid: it was not signed by one of our keys.",
  );
  expect((await storedKeys()).map((key) => key.kid)).toEqual([next]);
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
  const stored = await storedKeys();
  expect(stored.find((key) => key.kid === kidOf(generated.token))?.retiredAt).toBe(T0);
  // SIGNING_KEY's row keeps its public half only.
  expect(stored.find((key) => key.kid === thumbprint)?.privateKey).toBe("");
  await expect(verifyResultToken(generated.token)).resolves.toMatchObject({ sid: "ses_1" });
  await expect(verifyResultToken(token)).resolves.toMatchObject({ sid: "ses_1" });

  advanceClock(WINDOW_MS + 1000);
  expect(await publishedKids()).toEqual([thumbprint]);
});

test("a token signed by the previous SIGNING_KEY still verifies after it changes, until it expires", async () => {
  process.env.SIGNING_KEY = newSigningKey();
  reloadEnv();
  const byOld = await signResultToken(claims);
  advanceClock(60_000);
  process.env.SIGNING_KEY = newSigningKey();
  reloadEnv();
  const byNew = await signResultToken(claims);
  const [oldKid, newKid] = [kidOf(byOld.token)!, kidOf(byNew.token)!];
  expect(newKid).not.toBe(oldKid);
  // Read afresh, as another instance would: the old key is in the JWKS, as jose sees it.
  await closeDb();
  expect(await publishedKids()).toEqual([newKid, oldKid]);
  const verify = async (token: string) =>
    jwtVerify(token, createLocalJWKSet(await publicJwks()), {
      issuer: app.url,
      algorithms: ["ES256"],
      currentDate: new Date(now()),
    });
  await expect(verify(byOld.token)).resolves.toMatchObject({ payload: { jti: byOld.jti } });
  await expect(verifyResultToken(byOld.token)).resolves.toMatchObject({ jti: byOld.jti });

  // Until its last second.
  advanceClock(byOld.expiresAt - now() - 1000);
  await expect(verify(byOld.token)).resolves.toMatchObject({ payload: { jti: byOld.jti } });
  // Once every token it may have signed expired, it is gone; the old key's row keeps no secret.
  const [row] = await getDb().select().from(signingKeys).where(eq(signingKeys.kid, oldKid));
  expect(row!.privateKey).toBe("");
  advanceClock(WINDOW_MS);
  expect(await publishedKids()).toEqual([newKid]);
});

test("SIGNING_KEY unset again: generated keys sign, and its tokens verify until they expire", async () => {
  process.env.SIGNING_KEY = newSigningKey();
  reloadEnv();
  const configured = await signResultToken(claims);
  advanceClock(1000);
  delete process.env.SIGNING_KEY;
  reloadEnv();
  const generated = await signResultToken(claims);
  expect(kidOf(generated.token)).not.toBe(kidOf(configured.token));
  await closeDb();
  expect(await publishedKids()).toEqual([kidOf(generated.token), kidOf(configured.token)]);
  await expect(verifyResultToken(configured.token)).resolves.toMatchObject({ sid: "ses_1" });
  advanceClock(WINDOW_MS + 1000);
  expect(await publishedKids()).toEqual([kidOf(generated.token)]);
});

test("a rolling deploy from one SIGNING_KEY to another: each instance accepts the other's tokens", async () => {
  process.env.SIGNING_KEY = newSigningKey();
  const before = await instance(T0);
  const byBefore = await before.signing.signResultToken(claims);
  process.env.SIGNING_KEY = newSigningKey();
  const after = await instance(T0);
  const byAfter = await after.signing.signResultToken(claims);
  const both = [kidOf(byAfter.token), kidOf(byBefore.token)].sort();
  // For the ten minutes the deploy takes, both sign, and each publishes both keys.
  for (let minute = 0; minute < 10; minute += 1) {
    for (const { clock } of [before, after]) clock.advanceClock(60_000);
    const fromBefore = await before.signing.signResultToken(claims);
    const fromAfter = await after.signing.signResultToken(claims);
    await expect(after.signing.verifyResultToken(fromBefore.token)).resolves.toBeTruthy();
    await expect(before.signing.verifyResultToken(fromAfter.token)).resolves.toBeTruthy();
    for (const { signing } of [before, after]) {
      const kids = (await signing.publicJwks()).keys.map((key) => key.kid);
      expect(kids.sort()).toEqual(both);
    }
  }
  // The old instances are gone: their key stays published until their last tokens expired.
  const last = await before.signing.signResultToken(claims);
  after.clock.advanceClock(RESULT_TOKEN_LIFETIME_S * 1000 - 1000);
  await expect(after.signing.verifyResultToken(last.token)).resolves.toBeTruthy();
  after.clock.advanceClock(WINDOW_MS);
  expect((await after.signing.publicJwks()).keys.map((key) => key.kid)).toEqual([
    kidOf(byAfter.token),
  ]);
});

test("a generated key is published at least the JWKS's max-age before it signs", async () => {
  // Two instances, as in production: one signs, the other serves the JWKS (from keys it read
  // up to 30 s before). A verifier keeps each JWKS it fetched for its max-age, so every token
  // must be signed by a key the JWKS of max-age ago already had, and stay in it until it expires.
  const MAX_AGE_MS = JWKS_MAX_AGE_S * 1000; // app/.well-known/jwks.json's Cache-Control
  const STEP_MS = 10_000;
  const [signer, server] = [await instance(T0), await instance(T0)];
  const first = kidOf((await signer.signing.signResultToken(claims)).token);
  const published = new Map<number, string[]>();
  const tokens: { at: number; kid: string }[] = [];
  const rotation = T0 + 30 * DAY;
  for (let at = rotation - 20 * 60_000; at <= rotation + 20 * 60_000; at += STEP_MS) {
    for (const { clock } of [signer, server]) clock.freezeClock(at);
    published.set(
      at,
      (await server.signing.publicJwks()).keys.map((key) => key.kid!),
    );
    tokens.push({ at, kid: kidOf((await signer.signing.signResultToken(claims)).token)! });
  }
  const kids = [...new Set(tokens.map((token) => token.kid))];
  expect(kids).toHaveLength(2);
  expect(kids[0]).toBe(first);
  for (const { at, kid } of tokens) {
    const cached = published.get(at - MAX_AGE_MS);
    if (cached) expect(cached, `a token at ${at - rotation} ms`).toContain(kid);
    for (let later = at; later <= at + RESULT_TOKEN_LIFETIME_S * 1000; later += STEP_MS) {
      const then = published.get(later);
      if (then) expect(then, `a token at ${at - rotation} ms, ${later - at} ms on`).toContain(kid);
    }
  }
});

test("a SIGNING_KEY on another curve is refused by name, with the settings", () => {
  process.env.SIGNING_KEY = generateKeyPairSync("ec", { namedCurve: "P-384" })
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
  expect(() => reloadEnv()).toThrow(
    /SIGNING_KEY: expected a private key in PKCS#8 PEM .*EC P-256 for ES256/,
  );
});

describe("other algorithms than ES256", () => {
  const pemOf = (key: { export(options: object): string | Buffer }) =>
    key.export({ format: "pem", type: "pkcs8" }).toString();
  const keys = {
    RS256: () => pemOf(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
    EdDSA: () => pemOf(generateKeyPairSync("ed25519").privateKey),
  };
  const publicMembers = {
    RS256: ["alg", "e", "kid", "kty", "n", "use"],
    EdDSA: ["alg", "crv", "kid", "kty", "use", "x"],
  };

  afterEach(() => {
    delete process.env.SIGNING_ALG;
  });

  for (const alg of ["RS256", "EdDSA"] as const) {
    test(`a SIGNING_KEY for ${alg} signs with it; the JWKS publishes its public half, and jose verifies`, async () => {
      process.env.SIGNING_KEY = keys[alg]();
      reloadEnv();
      const { token } = await signResultToken(claims);
      const jwks = await publicJwks();
      expect(jwks.keys).toHaveLength(1);
      expect(Object.keys(jwks.keys[0]!).sort()).toEqual(publicMembers[alg]);
      expect(jwks.keys[0]).toMatchObject({ alg, use: "sig" });
      const { protectedHeader, payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: app.url,
        audience: "acme",
        algorithms: [alg],
        currentDate: new Date(now()),
      });
      expect(protectedHeader).toEqual({ alg, kid: jwks.keys[0]!.kid, typ: "JWT" });
      expect(payload).toMatchObject({ sub: claims.phone, sid: "ses_1" });
      await expect(verifyResultToken(token)).resolves.toMatchObject({ sid: "ses_1" });
    });
  }

  test("a stored key this version cannot read as its algorithm is retired, not a failure of every read", async () => {
    // As an instance of another version might leave one: ES256 in its JWK, an RSA key inside.
    const rsa = pemOf(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    await getDb()
      .insert(signingKeys)
      .values({
        kid: "unreadable",
        privateKey: seal(appSecret(), rsa),
        publicJwk: JSON.stringify({
          kty: "EC",
          crv: "P-256",
          x: "x",
          y: "y",
          kid: "unreadable",
          alg: "ES256",
          use: "sig",
        }),
        createdAt: T0 - 1000,
        retiredAt: null,
      });
    const { token } = await signResultToken(claims);
    expect(kidOf(token)).not.toBe("unreadable");
    await expect(verifyResultToken(token)).resolves.toMatchObject({ sid: "ses_1" });
    const stored = await storedKeys();
    expect(stored.find((key) => key.kid === "unreadable")?.retiredAt).toBe(T0);
  });

  test("SIGNING_ALG=EdDSA: a generated Ed25519 key takes over, and the ES256 key before it stays published for the window", async () => {
    const before = await signResultToken(claims);
    advanceClock(1000);
    process.env.SIGNING_ALG = "EdDSA";
    reloadEnv();
    const after = await signResultToken(claims);
    expect(decodeProtectedHeader(after.token).alg).toBe("EdDSA");
    expect(kidOf(after.token)).not.toBe(kidOf(before.token));
    const jwks = await publicJwks();
    expect(jwks.keys.map((key) => [key.kid, key.alg, key.kty])).toEqual([
      [kidOf(after.token), "EdDSA", "OKP"],
      [kidOf(before.token), "ES256", "EC"],
    ]);
    await expect(verifyResultToken(before.token)).resolves.toMatchObject({ sid: "ses_1" });
    await expect(verifyResultToken(after.token)).resolves.toMatchObject({ sid: "ses_1" });
    // The Ed25519 key is kept sealed and reused; the ES256 one signs no more.
    await closeDb();
    advanceClock(60_000);
    expect(kidOf((await signResultToken(claims)).token)).toBe(kidOf(after.token));
    advanceClock(WINDOW_MS);
    expect(await publishedKids()).toEqual([kidOf(after.token)]);
  });
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
    const notOurs = "The token is not valid: it must be signed with ES256, RS256 or EdDSA.";
    expect(await refused(hs256)).toBe(notOurs);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none", kid, typ: "JWT" })}.${encode(wireClaims())}.`;
    expect(await refused(unsigned)).toBe(notOurs);
  });

  test("an algorithm we sign with, but not its key's", async () => {
    const kid = kidOf((await signResultToken(claims)).token);
    const { privateKey } = await generateKeyPair("RS256");
    const confused = await new SignJWT(wireClaims())
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .sign(privateKey);
    expect(await refused(confused)).toBe(
      "The token is not valid: its key signs with ES256, not what the token names.",
    );
  });

  test("an expired token", async () => {
    const { token } = await signResultToken(claims);
    advanceClock(RESULT_TOKEN_LIFETIME_S * 1000 + 1000);
    expect(await refused(token)).toBe(
      "The token is not valid: it has expired; read the session (GET /api/v1/sessions/:id) for its result.",
    );
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

/**
 * Another copy of the modules, as another process would have: its own cache, clock and
 * settings (SIGNING_KEY as it is now, read at once).
 */
async function instance(at = now()) {
  vi.resetModules();
  const clock = await import("@/lib/clock");
  clock.freezeClock(at);
  (await import("@/lib/env")).reloadEnv();
  return { clock, signing: await import("./signing") };
}

function newSigningKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" })
    .privateKey.export({ format: "pem", type: "pkcs8" })
    .toString();
}

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
