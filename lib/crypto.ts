import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/** A random identifier with `bytes` bytes of entropy, base64url (16 bytes = 128 bits). */
export function randomId(bytes = 18): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function hmac(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value).digest("hex");
}

/**
 * Compares two digests of one algorithm (hex, so of a fixed and public length) in constant
 * time. Cheaper than safeEqual, which hashes both sides first to hide their lengths: on every
 * status poll and every guess.
 */
export function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Compares two strings without leaking, through timing, where they first differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a));
  const right = Buffer.from(sha256(b));
  return timingSafeEqual(left, right) && a.length === b.length;
}

// The digests of the configured secrets (API keys), each computed once: every server-to-server
// call compares the presented key with all of them.
const secretDigests = new Map<string, Buffer>();

function secretDigest(secret: string): Buffer {
  let digest = secretDigests.get(secret);
  if (!digest) {
    digest = createHash("sha256").update(secret).digest();
    secretDigests.set(secret, digest);
  }
  return digest;
}

/** The secret of an `Authorization: Bearer <secret>` header (any case), or "" when there is none. */
export function bearerSecret(headers: Headers): string {
  return /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
}

/**
 * Which of `secrets` (configured keys) `presented` is, or -1; never matches an empty string.
 * Every secret is compared, in constant time, so that the time taken says nothing about which
 * one nearly matched or how long they are.
 */
export function matchingSecret(presented: string, secrets: readonly string[]): number {
  const digest = createHash("sha256").update(presented).digest();
  let found = -1;
  secrets.forEach((secret, index) => {
    if (timingSafeEqual(digest, secretDigest(secret)) && presented !== "") found = index;
  });
  return found;
}

/** Encrypts `text` with a key derived from `secret` (AES-256-GCM): base64url of iv|tag|data. */
export function seal(secret: string, text: string): string {
  const key = createHash("sha256").update(`seal:${secret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

/** The text `seal` encrypted, or undefined when it was not sealed with this secret. */
export function unseal(secret: string, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const key = createHash("sha256").update(`seal:${secret}`).digest();
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
