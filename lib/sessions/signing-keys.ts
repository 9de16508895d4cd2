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
import { getDb, type Db } from "@/lib/db/client";
import { signingKeys } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import type { SigningAlgorithm } from "@/lib/env-fields";
import { appSecret } from "@/lib/secrets";

// The keys that sign result tokens (./signing.ts): SIGNING_KEY, or keys generated here, kept
// in the database with their private half sealed, and rotated. Verifiers cache what they read
// of our JWKS, and so do our own instances, so every key is published
// - before it signs: a generated key is made PUBLISH_AHEAD_MS before it takes over, and
// - after it stops: until the last token it signed has expired (RETIRED_KEY_WINDOW_MS).
// SIGNING_KEY's public half is kept in the table too, so that instances with another key (a
// rolling deploy, a changed or removed SIGNING_KEY) go on publishing it for as long.
// Each key signs with one algorithm (SIGNING_ALG), written in its published JWK: when the
// setting changes, keys of the old one sign no more but stay published like any retired key.

export const RESULT_TOKEN_LIFETIME_S = 300;

/** How long verifiers may keep our JWKS (/.well-known/jwks.json's Cache-Control). */
export const JWKS_MAX_AGE_S = 300;

/** How long a retired key stays published: its last tokens' lifetime, and a minute of skew. */
const RETIRED_KEY_WINDOW_MS = (RESULT_TOKEN_LIFETIME_S + 60) * 1000;
/** How long an instance trusts what it read of the keys: another's rotation shows by then. */
const CACHE_MS = 30_000;
/**
 * How long a generated key is published before it signs: a JWKS fetched just before it was
 * made, from an instance that read the keys CACHE_MS before, is kept JWKS_MAX_AGE_S by its
 * verifier; a minute more for the instances' clocks.
 */
export const PUBLISH_AHEAD_MS = JWKS_MAX_AGE_S * 1000 + CACHE_MS + 60_000;
/** A token signed by a key we have not seen yet makes us read again, at most this often. */
export const RELOAD_MS = 1_000;

/**
 * A configured key's row holds no private half (SIGNING_KEY is its only copy), and counts as
 * retired as of the last time an instance that has it read the keys: every token it signed was
 * signed within CACHE_MS of that, so it is published for as long as a retired key is.
 */
const NOT_KEPT = "";

type PublishedKey = { jwk: JWK & { kid: string; alg: string }; retiredAt: number | null };
type Signer = { kid: string; key: CryptoKey; alg: SigningAlgorithm };
export type Keyring = { signer: Signer; keys: PublishedKey[] };

export function published(ring: Keyring): PublishedKey[] {
  const since = now() - RETIRED_KEY_WINDOW_MS;
  return ring.keys.filter((key) => key.retiredAt === null || key.retiredAt > since);
}

// What this instance read of the keys, per database handle (tests open a fresh one each).
const cache = new WeakMap<Db, { readAt: number; settings: string; ring: Promise<Keyring> }>();

export function keyring(maxAgeMs = CACHE_MS): Promise<Keyring> {
  const db = getDb();
  const at = now();
  const { SIGNING_KEY: configured, signingAlgorithm: alg } = getEnv();
  const settings = `${alg}:${configured ?? ""}`;
  const cached = cache.get(db);
  const age = cached ? at - cached.readAt : Infinity;
  if (cached && cached.settings === settings && age >= 0 && age < maxAgeMs) return cached.ring;
  const entry = { readAt: at, settings, ring: readKeyring(at, alg, configured) };
  cache.set(db, entry);
  // A failed read (the database down) is not remembered: the next call tries again.
  entry.ring.catch(() => cache.get(db) === entry && cache.delete(db));
  return entry.ring;
}

async function readKeyring(
  at: number,
  alg: SigningAlgorithm,
  configured: string | undefined,
): Promise<Keyring> {
  return configured ? configuredKeyring(at, alg, configured) : generatedKeyring(at, alg);
}

/**
 * SIGNING_KEY signs. Generated keys before it sign no more, and stay published until the tokens
 * they signed have expired; so does another SIGNING_KEY an instance still has (or had).
 */
async function configuredKeyring(
  at: number,
  alg: SigningAlgorithm,
  configured: string,
): Promise<Keyring> {
  const own = await configuredKey(configured, alg);
  await getDb()
    .insert(signingKeys)
    .values({
      kid: own.signer.kid,
      privateKey: NOT_KEPT,
      publicJwk: JSON.stringify(own.jwk),
      createdAt: at,
      retiredAt: at,
    })
    .onConflictDoUpdate({ target: signingKeys.kid, set: { retiredAt: at } });
  const rows = (await readRows(at)).filter((row) => row.kid !== own.signer.kid);
  const unretired = rows.filter((row) => row.retiredAt === null).map((row) => row.kid);
  if (unretired.length > 0) await retire(unretired, at);
  await forgetOldKeys(at);
  const others = rows.map((row) => ({ ...toPublished(row), retiredAt: row.retiredAt ?? at }));
  return { signer: own.signer, keys: [{ jwk: own.jwk, retiredAt: null }, ...others] };
}

/**
 * Generated keys of `alg`. The signer is the newest one published for PUBLISH_AHEAD_MS; the next one is
 * made that long before the signer is due for rotation (SIGNING_KEY_ROTATION days), and takes
 * over when it is due. Older keys are retired once a newer one signs.
 *
 * When no key was published that long (the first key of a database, one made after
 * SIGNING_KEY was removed or APP_SECRET changed), the newest key signs at once: there is
 * nothing else to sign with, and a verifier that meets an unknown kid fetches the JWKS again.
 * Two instances making a key at once each add one: both are published, and both then sign
 * with the newer one.
 */
async function generatedKeyring(at: number, alg: SigningAlgorithm): Promise<Keyring> {
  let rows = await readRows(at);
  let candidates = await usableKeys(rows, alg);
  if (candidates.length === 0) {
    await getDb()
      .insert(signingKeys)
      .values(await generateKey(at, alg));
    rows = await readRows(at);
    candidates = await usableKeys(rows, alg);
  }
  const signer =
    candidates.find((key) => at - key.row.createdAt >= PUBLISH_AHEAD_MS) ?? candidates[0];
  if (!signer) throw new Error("the new signing key could not be read back");
  // The signer and the keys waiting to take over from it stay; every other unretired key is
  // older than the signer, cannot be unsealed, or signs with another algorithm: it signs no more.
  const kept = new Set(
    candidates.filter((key) => key.row.createdAt >= signer.row.createdAt).map((key) => key.row.kid),
  );
  const rotateAfterMs = getEnv().SIGNING_KEY_ROTATION * 86_400_000;
  if (kept.size === 1 && at - signer.row.createdAt >= rotateAfterMs - PUBLISH_AHEAD_MS) {
    // The next key: published from now, it signs once it is due.
    const next = await generateKey(at, alg);
    await getDb().insert(signingKeys).values(next);
    kept.add(next.kid);
    rows = await readRows(at);
  }
  const done = rows
    .filter((row) => row.retiredAt === null && !kept.has(row.kid))
    .map((row) => row.kid);
  if (done.length > 0) {
    await retire(done, at);
    rows = rows.map((row) => (done.includes(row.kid) ? { ...row, retiredAt: at } : row));
  }
  await forgetOldKeys(at);
  return { signer: { kid: signer.row.kid, key: signer.key, alg }, keys: rows.map(toPublished) };
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
 * The unretired keys of `alg` whose private half unseals (not after APP_SECRET changed): newest
 * first. A key made before the algorithm had a setting says ES256 in its JWK too.
 */
async function usableKeys(
  rows: Row[],
  alg: SigningAlgorithm,
): Promise<{ row: Row; key: CryptoKey }[]> {
  const usable: { row: Row; key: CryptoKey }[] = [];
  for (const row of rows) {
    if (row.retiredAt !== null || toPublished(row).jwk.alg !== alg) continue;
    const pem = unseal(appSecret(), row.privateKey);
    if (!pem) continue;
    try {
      usable.push({ row, key: await importPKCS8(pem, alg) });
    } catch {
      // A key this version cannot read as `alg` signs no more here, and is retired like one
      // that does not unseal, rather than stopping every keyring read.
    }
  }
  return usable;
}

/** Keys retired long ago guard nothing: their rows (sealed private halves) go. */
async function forgetOldKeys(at: number): Promise<void> {
  await getDb()
    .delete(signingKeys)
    .where(
      and(isNotNull(signingKeys.retiredAt), lt(signingKeys.retiredAt, at - RETIRED_KEY_WINDOW_MS)),
    );
}

function toPublished(row: Row): PublishedKey {
  return { jwk: JSON.parse(row.publicJwk) as PublishedKey["jwk"], retiredAt: row.retiredAt };
}

async function generateKey(
  at: number,
  alg: SigningAlgorithm,
): Promise<typeof signingKeys.$inferInsert> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await publicJwk(await exportJWK(publicKey), alg);
  return {
    kid: jwk.kid,
    privateKey: seal(appSecret(), await exportPKCS8(privateKey)),
    publicJwk: JSON.stringify(jwk),
    createdAt: at,
    retiredAt: null,
  };
}

// The members of a public key, by key type (RFC 7518 §6): never a private one (d, p, q…).
const PUBLIC_MEMBERS: Record<string, (keyof JWK)[]> = {
  EC: ["crv", "x", "y"],
  RSA: ["e", "n"],
  OKP: ["crv", "x"],
};

/** The public half as published: kid = its RFC 7638 thumbprint, so the same key has one kid. */
async function publicJwk(key: JWK, alg: SigningAlgorithm): Promise<PublishedKey["jwk"]> {
  const members = PUBLIC_MEMBERS[key.kty ?? ""];
  if (!members) throw new Error(`a signing key of an unknown type (${key.kty})`);
  const half: JWK = { kty: key.kty };
  for (const member of members) Object.assign(half, { [member]: key[member] });
  const kid = await calculateJwkThumbprint(half, "sha256");
  return { ...half, kid, alg, use: "sig" };
}

let configuredCache:
  | { pem: string; alg: string; value: Promise<{ signer: Signer; jwk: PublishedKey["jwk"] }> }
  | undefined;

/** SIGNING_KEY, imported once as a key of `alg`, which refuses a key of another kind. */
function configuredKey(pem: string, alg: SigningAlgorithm) {
  if (configuredCache?.pem !== pem || configuredCache.alg !== alg) {
    const value = (async () => {
      const key = await importPKCS8(pem, alg, { extractable: true }).catch(() => {
        throw new Error(`SIGNING_KEY is not a private key for ${alg} (PKCS#8 PEM)`);
      });
      const jwk = await publicJwk(await exportJWK(key), alg);
      return { signer: { kid: jwk.kid, key, alg }, jwk };
    })();
    configuredCache = { pem, alg, value };
  }
  return configuredCache.value;
}
