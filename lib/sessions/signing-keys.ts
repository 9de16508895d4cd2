import "server-only";
import { and, gt, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  type JWK,
} from "jose";
import { now } from "@/lib/clock";
import { seal, unseal } from "@/lib/crypto";
import { atomically, getDb, type Db } from "@/lib/db/client";
import { signingKeys } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { appSecret } from "@/lib/secrets";

// The keys that sign result tokens (./signing.ts): SIGNING_KEY, or keys generated here, kept
// in the database with their private half sealed, and rotated; each one published until the
// last token it signed has expired.

export const RESULT_TOKEN_LIFETIME_S = 300;

/** How long a retired key stays published: its last tokens' lifetime, and a minute of skew. */
const RETIRED_KEY_WINDOW_MS = (RESULT_TOKEN_LIFETIME_S + 60) * 1000;
/** How long an instance trusts what it read of the keys: another's rotation shows by then. */
const CACHE_MS = 30_000;
/** A token signed by a key we have not seen yet makes us read again, at most this often. */
export const RELOAD_MS = 1_000;

export type PublishedKey = { jwk: JWK & { kid: string }; retiredAt: number | null };
export type Keyring = { signer: { kid: string; key: CryptoKey }; keys: PublishedKey[] };

export function published(ring: Keyring): PublishedKey[] {
  const since = now() - RETIRED_KEY_WINDOW_MS;
  return ring.keys.filter((key) => key.retiredAt === null || key.retiredAt > since);
}

// What this instance read of the keys, per database handle (tests open a fresh one each).
const cache = new WeakMap<Db, { readAt: number; configured?: string; ring: Promise<Keyring> }>();

export function keyring(maxAgeMs = CACHE_MS): Promise<Keyring> {
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
