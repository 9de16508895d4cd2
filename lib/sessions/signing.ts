import "server-only";
import { and, gt, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import {
  calculateJwkThumbprint,
  errors,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTHeaderParameters,
} from "jose";
import { z } from "zod";
import { now } from "@/lib/clock";
import { randomId, seal, unseal } from "@/lib/crypto";
import { atomically, getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import type { MethodName } from "@/lib/methods/dto";
import { appSecret } from "@/lib/secrets";
import { signingKeys } from "@/lib/db/schema";

// The result tokens a session's return URL carries (docs/sessions.md): ES256 JWTs that apps
// check against our JWKS (/.well-known/jwks.json) or hand back to POST …/redeem.

export const RESULT_TOKEN_LIFETIME_S = 300;

/** How long a retired key stays published: its last tokens' lifetime, and a minute of skew. */
const RETIRED_KEY_WINDOW_MS = (RESULT_TOKEN_LIFETIME_S + 60) * 1000;
/** How long an instance trusts what it read of the keys: another's rotation shows by then. */
const CACHE_MS = 30_000;
/** A token signed by a key we have not seen yet makes us read again, at most this often. */
const RELOAD_MS = 1_000;

export type ResultClaims = {
  aud: string; // the API key id of the app the session belongs to
  phone: string; // E.164
  method: MethodName;
  sessionId: string;
  reference: string | null;
  name?: string | null;
};

const verifiedClaims = z.object({
  iss: z.string(),
  aud: z.string(),
  sub: z.string(),
  phone_number: z.string(),
  phone_number_verified: z.literal(true),
  amr: z.array(z.string()).min(1),
  sid: z.string(),
  reference: z.string().nullable(),
  name: z.string().optional(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
});

export type VerifiedResult = Omit<z.infer<typeof verifiedClaims>, "amr"> & { amr: MethodName[] };

type PublishedKey = { jwk: JWK & { kid: string }; retiredAt: number | null };
type Keyring = { signer: { kid: string; key: CryptoKey }; keys: PublishedKey[] };

export async function signResultToken(
  claims: ResultClaims,
): Promise<{ token: string; jti: string; expiresAt: number }> {
  const { signer } = await keyring();
  const jti = randomId(16);
  const iat = Math.floor(now() / 1000);
  const exp = iat + RESULT_TOKEN_LIFETIME_S;
  const token = await new SignJWT({
    phone_number: claims.phone,
    phone_number_verified: true,
    amr: [claims.method], // RFC 8176: an array of method names
    sid: claims.sessionId,
    reference: claims.reference,
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "JWT" })
    .setIssuer(getEnv().appUrl)
    .setAudience(claims.aud)
    .setSubject(claims.phone)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(signer.key);
  return { token, jti, expiresAt: exp * 1000 };
}

/**
 * Our own check of a result token (POST /api/v1/sessions/:id/redeem): signed with ES256 by one
 * of the keys we publish, issued here, not expired; `audience` when given. The caller still
 * compares `aud` to its API key and `sid` to the session. Why it failed is said in words that
 * name no key and no internals.
 */
export async function verifyResultToken(
  token: string,
  expected: { audience?: string } = {},
): Promise<VerifiedResult> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, publicKeyFor, {
      algorithms: ["ES256"],
      issuer: getEnv().appUrl,
      audience: expected.audience,
      typ: "JWT",
      currentDate: new Date(now()),
      requiredClaims: ["iat", "exp", "jti", "sub", "aud"],
    }));
  } catch (error) {
    throw new ApiError("bad_request", `The token is not valid: ${whyInvalid(error)}.`);
  }
  const claims = verifiedClaims.safeParse(payload);
  if (!claims.success) {
    throw new ApiError("bad_request", "The token is not valid: it is not a result token.");
  }
  return claims.data as VerifiedResult;
}

/** Every key that may have signed a token still unexpired, newest first (RFC 7517). */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  return { keys: published(await keyring()).map((key) => key.jwk) };
}

async function publicKeyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
  const find = (ring: Keyring) => published(ring).find((key) => key.jwk.kid === header.kid);
  // Another instance may have rotated since we last read the keys.
  const key = find(await keyring()) ?? find(await keyring(RELOAD_MS));
  if (!key) throw new errors.JWKSNoMatchingKey();
  return (await importJWK(key.jwk, "ES256")) as CryptoKey;
}

function whyInvalid(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JOSEAlgNotAllowed) return "it must be signed with ES256";
  if (error instanceof errors.JWKSNoMatchingKey) return "it was not signed by one of our keys";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not match";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "it was not issued by this server";
    if (error.claim === "aud") return "it was issued to another API key";
    return `its "${error.claim}" claim is wrong`;
  }
  return "it is not a signed JWT";
}

function published(ring: Keyring): PublishedKey[] {
  const since = now() - RETIRED_KEY_WINDOW_MS;
  return ring.keys.filter((key) => key.retiredAt === null || key.retiredAt > since);
}

// What this instance read of the keys, per database handle (tests open a fresh one each).
const cache = new WeakMap<Db, { readAt: number; configured?: string; ring: Promise<Keyring> }>();

function keyring(maxAgeMs = CACHE_MS): Promise<Keyring> {
  const db = getDb();
  const at = now();
  const configured = getEnv().SIGNING_KEY;
  const cached = cache.get(db);
  const age = cached ? at - cached.readAt : Infinity;
  if (cached && cached.configured === configured && age >= 0 && age < maxAgeMs) return cached.ring;
  const entry = { readAt: at, configured, ring: readKeyring(at, configured) };
  cache.set(db, entry);
  // A failed read (the database down) is not remembered: the next call tries again.
  entry.ring.catch(() => cache.get(db) === entry && cache.delete(db));
  return entry.ring;
}

async function readKeyring(at: number, configured: string | undefined): Promise<Keyring> {
  const rows = await readRows(at);
  const unretired = rows.filter((row) => row.retiredAt === null).map((row) => row.kid);
  if (configured) {
    // SIGNING_KEY took over from generated keys: they sign no more, and stay published until
    // the tokens they signed have expired.
    if (unretired.length > 0) await retire(unretired, at);
    const own = await configuredKey(configured);
    const retired = rows.map((row) => ({ ...toPublished(row), retiredAt: row.retiredAt ?? at }));
    return { signer: own.signer, keys: [{ jwk: own.jwk, retiredAt: null }, ...retired] };
  }
  const current = await signerFrom(rows, at);
  if (current) return { signer: current, keys: rows.map(toPublished) };
  // None yet, or due: a new key, and the old ones retired. Two instances doing this at once
  // each add a key and retire only the keys they saw: both new keys are published, and both
  // then sign with the newer one.
  const fresh = await generateKey(at);
  await atomically(
    (tx) => tx.insert(signingKeys).values(fresh).returning(),
    (tx) =>
      unretired.length === 0
        ? undefined
        : tx
            .update(signingKeys)
            .set({ retiredAt: at })
            .where(and(inArray(signingKeys.kid, unretired), isNull(signingKeys.retiredAt)))
            .returning(),
  );
  // Keys retired long ago guard nothing: their sealed private halves go.
  await getDb()
    .delete(signingKeys)
    .where(
      and(isNotNull(signingKeys.retiredAt), lt(signingKeys.retiredAt, at - RETIRED_KEY_WINDOW_MS)),
    );
  const after = await readRows(at);
  const signer = await signerFrom(after, at);
  if (!signer) throw new Error("the new signing key could not be read back");
  return { signer, keys: after.map(toPublished) };
}

type Row = typeof signingKeys.$inferSelect;

/** Unretired keys, and those retired recently enough to be published: newest first. */
async function readRows(at: number): Promise<Row[]> {
  const rows = await getDb()
    .select()
    .from(signingKeys)
    .where(
      or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, at - RETIRED_KEY_WINDOW_MS)),
    );
  // Ties broken by kid, so that every instance picks the same signer.
  return rows.sort((a, b) => b.createdAt - a.createdAt || (b.kid < a.kid ? -1 : 1));
}

async function retire(kids: string[], at: number): Promise<void> {
  await getDb()
    .update(signingKeys)
    .set({ retiredAt: at })
    .where(and(inArray(signingKeys.kid, kids), isNull(signingKeys.retiredAt)));
}

/**
 * The newest unretired key, unless it is due for rotation, or cannot be unsealed (APP_SECRET
 * changed): then a new key is needed.
 */
async function signerFrom(rows: Row[], at: number): Promise<Keyring["signer"] | undefined> {
  const newest = rows.find((row) => row.retiredAt === null);
  const rotateAfterMs = getEnv().SIGNING_KEY_ROTATION * 86_400_000;
  if (!newest || at - newest.createdAt >= rotateAfterMs) return undefined;
  const pem = unseal(appSecret(), newest.privateKey);
  if (!pem) return undefined;
  return { kid: newest.kid, key: await importPKCS8(pem, "ES256") };
}

function toPublished(row: Row): PublishedKey {
  return { jwk: JSON.parse(row.publicJwk) as PublishedKey["jwk"], retiredAt: row.retiredAt };
}

async function generateKey(at: number): Promise<typeof signingKeys.$inferInsert> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await publicJwk(await exportJWK(publicKey));
  return {
    kid: jwk.kid,
    privateKey: seal(appSecret(), await exportPKCS8(privateKey)),
    publicJwk: JSON.stringify(jwk),
    createdAt: at,
    retiredAt: null,
  };
}

/** The public half as published: kid = its RFC 7638 thumbprint, so the same key has one kid. */
async function publicJwk(key: JWK): Promise<PublishedKey["jwk"]> {
  const { kty, crv, x, y } = key;
  const kid = await calculateJwkThumbprint({ kty, crv, x, y }, "sha256");
  return { kty, crv, x, y, kid, alg: "ES256", use: "sig" };
}

let configuredCache:
  | { pem: string; value: Promise<{ signer: Keyring["signer"]; jwk: PublishedKey["jwk"] }> }
  | undefined;

/** SIGNING_KEY, imported once; importing it as ES256 refuses any other curve. */
function configuredKey(pem: string) {
  if (configuredCache?.pem !== pem) {
    const value = (async () => {
      const key = await importPKCS8(pem, "ES256", { extractable: true }).catch(() => {
        throw new Error("SIGNING_KEY is not an ES256 private key (EC P-256, PKCS#8 PEM)");
      });
      const jwk = await publicJwk(await exportJWK(key));
      return { signer: { kid: jwk.kid, key }, jwk };
    })();
    configuredCache = { pem, value };
  }
  return configuredCache.value;
}
