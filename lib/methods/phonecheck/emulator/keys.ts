import "server-only";
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { findSandboxKey, insertSandboxKeyIfNone } from "./queries";

// The emulator's callback signing key: RSA 2048, made on first use and kept in the database so
// that a restart does not invalidate the JWKS that receivers cached.

type SigningKey = { kid: string; publicJwk: Record<string, unknown>; privateKey: KeyObject };

const holder = globalThis as unknown as { truidSandboxKey?: SigningKey };

async function signingKey(): Promise<SigningKey> {
  let row = await findSandboxKey();
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = randomId(12);
    const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
    await insertSandboxKeyIfNone({
      kid,
      publicJwk: JSON.stringify(jwk),
      privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      createdAt: now(),
    });
    row = await findSandboxKey();
    if (!row) throw new Error("the sandbox signing key could not be stored");
  }
  const cached = holder.truidSandboxKey;
  if (cached && cached.kid === row.kid) return cached;
  const key = {
    kid: row.kid,
    publicJwk: JSON.parse(row.publicJwk) as Record<string, unknown>,
    privateKey: createPrivateKey(row.privatePem),
  };
  holder.truidSandboxKey = key;
  return key;
}

// GET /.well-known/jwks.json
export async function emulateJwks(): Promise<Response> {
  const key = await signingKey();
  return Response.json(
    { keys: [key.publicJwk] },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}

/** RSASSA-PKCS1-v1_5 with SHA-256 ("rsa-sha256") over `text`, base64. */
export async function signWithSandboxKey(
  text: string,
): Promise<{ kid: string; signature: string }> {
  const key = await signingKey();
  return {
    kid: key.kid,
    signature: sign("sha256", Buffer.from(text), key.privateKey).toString("base64"),
  };
}
