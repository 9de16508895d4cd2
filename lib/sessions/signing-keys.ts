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
import { appSecret } from "@/lib/secrets";

// The keys that sign result tokens (./signing.ts): SIGNING_KEY, or keys generated here, kept
// in the database with their private half sealed, and rotated. Verifiers cache what they read
// of our JWKS, and so do our own instances, so every key is published
// - before it signs: a generated key is made PUBLISH_AHEAD_MS before it takes over, and
// - after it stops: until the last token it signed has expired (RETIRED_KEY_WINDOW_MS).
// SIGNING_KEY's public half is kept in the table too, so that instances with another key (a
// rolling deploy, a changed or removed SIGNING_KEY) go on publishing it for as long.

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

type PublishedKey = { jwk: JWK & { kid: string }; retiredAt: number | null };
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
  return configured ? configuredKeyring(at, configured) : generatedKeyring(at);
}

/**
 * SIGNING_KEY signs. Generated keys before it sign no more, and stay published until the tokens
 * they signed have expired; so does another SIGNING_KEY an instance still has (or had).
 */
async function configuredKeyring(at: number, configured: string): Promise<Keyring> {
  const own = await configuredKey(configured);
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
 * Generated keys. The signer is the newest one published for PUBLISH_AHEAD_MS; the next one is
 * made that long before the signer is due for rotation (SIGNING_KEY_ROTATION days), and takes
 * over when it is due. Older keys are retired once a newer one signs.
 *
 * When no key was published that long (the first key of a database, one made after
 * SIGNING_KEY was removed or APP_SECRET changed), the newest key signs at once: there is
 * nothing else to sign with, and a verifier that meets an unknown kid fetches the JWKS again.
 * Two instances making a key at once each add one: both are published, and both then sign
 * with the newer one.
 */
async function generatedKeyring(at: number): Promise<Keyring> {
  let rows = await readRows(at);
  let candidates = await usableKeys(rows);
  if (candidates.length === 0) {
    await getDb()
      .insert(signingKeys)
      .values(await generateKey(at));
    rows = await readRows(at);
    candidates = await usableKeys(rows);
  }
  const signer =
    candidates.find((key) => at - key.row.createdAt >= PUBLISH_AHEAD_MS) ?? candidates[0];
  if (!signer) throw new Error("the new signing key could not be read back");
  // The signer and the keys waiting to take over from it stay; every other unretired key is
  // older than the signer, or cannot be unsealed: it signs no more.
  const kept = new Set(
    candidates.filter((key) => key.row.createdAt >= signer.row.createdAt).map((key) => key.row.kid),
  );
  const rotateAfterMs = getEnv().SIGNING_KEY_ROTATION * 86_400_000;
  if (kept.size === 1 && at - signer.row.createdAt >= rotateAfterMs - PUBLISH_AHEAD_MS) {
    // The next key: published from now, it signs once it is due.
    const next = await generateKey(at);
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
  return { signer: { kid: signer.row.kid, key: signer.key }, keys: rows.map(toPublished) };
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

/** The unretired keys whose private half unseals (not after APP_SECRET changed): newest first. */
async function usableKeys(rows: Row[]): Promise<{ row: Row; key: CryptoKey }[]> {
  const usable: { row: Row; key: CryptoKey }[] = [];
  for (const row of rows) {
    if (row.retiredAt !== null) continue;
    const pem = unseal(appSecret(), row.privateKey);
    if (pem) usable.push({ row, key: await importPKCS8(pem, "ES256") });
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
