import "server-only";
import { errors, importJWK, jwtVerify, SignJWT, type JWK, type JWTHeaderParameters } from "jose";
import { z } from "zod";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { SIGNING_ALGORITHMS } from "@/lib/env-fields";
import { ApiError } from "@/lib/errors";
import type { MethodName } from "@/lib/method-names";
import {
  JWKS_MAX_AGE_S,
  keyring,
  published,
  RELOAD_MS,
  RESULT_TOKEN_LIFETIME_S,
  type Keyring,
} from "./signing-keys";

// The result tokens a session's return URL carries (docs/sessions.md): JWTs (ES256 unless
// SIGNING_ALG says otherwise) that apps check against our JWKS (/.well-known/jwks.json) or hand
// back to POST …/redeem.

export { JWKS_MAX_AGE_S, RESULT_TOKEN_LIFETIME_S };

export type ResultClaims = {
  aud: string; // the API key id of the app the session belongs to
  phone: string; // E.164
  method: MethodName;
  sessionId: string;
  reference: string | null;
  name?: string | null;
  /** When the number was verified (epoch ms): the token's `auth_time`. */
  verifiedAt: number;
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
  // Optional only for tokens signed before it was added, within their five minutes.
  auth_time: z.number().optional(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
});

type VerifiedResult = Omit<z.infer<typeof verifiedClaims>, "amr"> & { amr: MethodName[] };

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
    // OpenID Connect's claim: when the person proved the number, in seconds.
    auth_time: Math.floor(claims.verifiedAt / 1000),
  })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: "JWT" })
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
 * Our own check of a result token (POST /api/v1/sessions/:id/redeem): signed by one of the keys
 * we publish, with that key's algorithm, issued here, not expired; `audience` when given. The caller still
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
      // Each key is imported for its own algorithm (publicKeyFor): a token naming another one
      // than its key's is refused by jose.
      algorithms: [...SIGNING_ALGORITHMS],
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
  // A token must name its key's algorithm: one key never signs with two.
  if (header.alg !== key.jwk.alg) throw new NotItsKeysAlgorithm(key.jwk.alg);
  return (await importJWK(key.jwk, key.jwk.alg)) as CryptoKey;
}

class NotItsKeysAlgorithm extends Error {
  constructor(readonly algorithm: string) {
    super(`not signed with ${algorithm}`);
  }
}

const ALGORITHM_LIST = `${SIGNING_ALGORITHMS.slice(0, -1).join(", ")} or ${SIGNING_ALGORITHMS.at(-1)}`;

function whyInvalid(error: unknown): string {
  // Five minutes is meant for the way back; later, the session itself still says how it ended.
  if (error instanceof errors.JWTExpired) {
    return "it has expired; read the session (GET /api/v1/sessions/:id) for its result";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `it must be signed with ${ALGORITHM_LIST}`;
  if (error instanceof NotItsKeysAlgorithm) {
    return `its key signs with ${error.algorithm}, not what the token names`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return "it was not signed by one of our keys";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature does not match";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "it was not issued by this server";
    if (error.claim === "aud") return "it was issued to another API key";
    return `its "${error.claim}" claim is wrong`;
  }
  return "it is not a signed JWT";
}
