import "server-only";
import { now } from "@/lib/clock";
import { hmac, randomId, safeEqual } from "@/lib/crypto";
import { appSecret } from "@/lib/secrets";

// The signed session a person gets when a verification succeeds: a new `sid` each time, so
// that success rotates the session (docs/security.md#binding-and-sessions).

export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

type SessionClaims = {
  sid: string;
  phone: string;
  method: string;
  verificationId: string;
  name?: string;
  verifiedAt: number;
};

/** A fresh signed session token for a verified number. */
export function signSession(claims: Omit<SessionClaims, "sid" | "verifiedAt">): string {
  const full: SessionClaims = { ...claims, sid: randomId(18), verifiedAt: now() };
  const payload = Buffer.from(JSON.stringify(full)).toString("base64url");
  return `${payload}.${hmac(appSecret(), `session:${payload}`)}`;
}

/** The claims of a session token if its signature holds and it has not expired. */
export function verifySession(value: string | undefined): SessionClaims | undefined {
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature || !safeEqual(signature, hmac(appSecret(), `session:${payload}`))) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as SessionClaims;
    return now() - claims.verifiedAt < SESSION_MAX_AGE_S * 1000 ? claims : undefined;
  } catch {
    return undefined;
  }
}
