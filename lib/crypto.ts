import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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
