import "server-only";
import { randomInt } from "node:crypto";
import { hmac, sameDigest } from "@/lib/crypto";
import { appSecret } from "@/lib/secrets";

/** Exactly `length` digits from the CSPRNG, leading zeros kept (docs/security.md#codes). */
export function generateCode(length: number): string {
  return String(randomInt(0, 10 ** length)).padStart(length, "0");
}

/** The stored form of a code: an HMAC bound to its verification (docs/security.md#codes). */
export function hashCode(verificationId: string, code: string): string {
  return hmac(appSecret(), `sms-code:${verificationId}:${code}`);
}

export function codeMatches(verificationId: string, code: string, storedHash: string): boolean {
  return sameDigest(hashCode(verificationId, code), storedHash);
}

/**
 * The SMS text: the configured template, then the WebOTP line (`@host #code`) last, so that
 * browsers can offer to fill the code in.
 */
export function smsText(options: { template: string; org: string; code: string; appUrl: string }) {
  const text = options.template.replaceAll("{code}", options.code).replaceAll("{org}", options.org);
  return `${text}\n\n@${new URL(options.appUrl).host} #${options.code}`;
}
