import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { now } from "@/lib/clock";
import { send } from "@/lib/providers/http";
import { truId, type TruIdConfig } from "./config";
import type { CheckState } from "./client";
import { digestMatches, parseSignature, SIGNED_HEADERS, signingString } from "./signature";
import { callbackPayloadSchema, jwksSchema } from "./wire";

// Verifies a tru.ID callback before anything in it is believed (docs/security.md#phonecheck): the HTTP
// signature over (request-target) host date x-tru-callback digest, with the key named by keyId
// from {tru.ID base URL}/.well-known/jwks.json, and the digest over the exact body.

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const JWKS_LIFETIME_MS = 3600_000;
const JWKS_MIN_REFETCH_MS = 60_000; // an unknown keyId cannot make us fetch more often

export class CallbackRejected extends Error {
  constructor(readonly reason: string) {
    super(`tru.ID callback refused: ${reason}`);
    this.name = "CallbackRejected";
  }
}

export type CallbackRequest = { method: string; url: string; headers: Headers };

export async function verifyCallback(
  config: TruIdConfig,
  request: CallbackRequest,
  rawBody: string,
): Promise<CheckState> {
  const params = parseSignature(
    request.headers.get("authorization") ?? request.headers.get("signature"),
  );
  if (!params) throw new CallbackRejected("no signature");
  if (!SIGNED_HEADERS.every((name) => params.headers.includes(name))) {
    throw new CallbackRejected("the signature does not cover the required headers");
  }
  if (!digestMatches(request.headers.get("digest"), rawBody)) {
    throw new CallbackRejected("digest mismatch");
  }
  const date = Date.parse(request.headers.get("date") ?? "");
  if (!Number.isFinite(date) || Math.abs(now() - date) > MAX_CLOCK_SKEW_MS) {
    throw new CallbackRejected("date missing or too far from now");
  }
  const url = new URL(request.url);
  const signed = signingString(params.headers, {
    method: request.method,
    path: `${url.pathname}${url.search}`,
    header: (name) => request.headers.get(name) ?? undefined,
  });
  if (signed === undefined) throw new CallbackRejected("a signed header is missing");
  const key = await publicKey(config, params.keyId);
  if (!key) throw new CallbackRejected("unknown keyId");
  const pss = key.alg === "PS256" || params.algorithm === "rsa-pss-sha256";
  let valid = false;
  try {
    valid = verify(
      "sha256",
      Buffer.from(signed),
      pss ? { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING } : key.key,
      Buffer.from(params.signature, "base64"),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new CallbackRejected("bad signature");

  const payload = callbackPayloadSchema.safeParse(parseJsonText(rawBody));
  if (!payload.success) throw new CallbackRejected("the body is not a PhoneCheck callback");
  const { check_id, status, match, error_code } = payload.data;
  return {
    checkId: check_id,
    status,
    ...(status === "COMPLETED" ? { match: match === true } : {}),
    ...(status === "ERROR" && error_code ? { errorCode: error_code } : {}),
  };
}

type Jwks = { keys: Map<string, { key: KeyObject; alg?: string }>; fetchedAt: number };
const holder = globalThis as unknown as { truidJwks?: Map<string, Jwks> };
const jwksCache = (holder.truidJwks ??= new Map());

async function publicKey(config: TruIdConfig, keyId: string) {
  const cached = jwksCache.get(config.baseUrl);
  const at = now();
  const fresh = cached && at - cached.fetchedAt < JWKS_LIFETIME_MS;
  if (fresh && cached.keys.has(keyId)) return cached.keys.get(keyId);
  if (cached && at - cached.fetchedAt < JWKS_MIN_REFETCH_MS) return cached.keys.get(keyId);
  const fetched = await fetchJwks(config);
  if (!fetched) return cached?.keys.get(keyId);
  jwksCache.set(config.baseUrl, fetched);
  return fetched.keys.get(keyId);
}

// GET {base}/.well-known/jwks.json
async function fetchJwks(config: TruIdConfig): Promise<Jwks | undefined> {
  try {
    const answer = await send(truId(config), `${config.baseUrl}/.well-known/jwks.json`, {
      headers: { Accept: "application/json" },
    });
    const parsed = jwksSchema.safeParse(answer.json());
    if (!answer.ok || !parsed.success) return undefined;
    const keys = new Map<string, { key: KeyObject; alg?: string }>();
    for (const jwk of parsed.data.keys) {
      try {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
        keys.set(jwk.kid, { key, alg: jwk.alg });
      } catch {
        // A key we cannot read is a key nothing can be verified with.
      }
    }
    return { keys, fetchedAt: now() };
  } catch {
    return undefined;
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
