import "server-only";
import { hmac, randomId, safeEqual, sha256 } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { now } from "@/lib/clock";
import { appSecret } from "@/lib/secrets";

// Two cookies (DESIGN.md §7, security.md R24/R25):
// - the binding cookie: a random secret per browser; a verification row stores its hash, and
//   only a request carrying it can read or act on that verification;
// - the session cookie: signed, issued (and so rotated) when a verification succeeds.

const BINDING = "pv_binding";
const SESSION = "pv_session";
const SESSION_MAX_AGE_S = 30 * 24 * 3600;

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  if (forwarded && getEnv().TRUST_PROXY === "1") return forwarded.split(",")[0]?.trim() === "https";
  return new URL(request.url).protocol === "https:" || getEnv().appUrl.startsWith("https:");
}

/** `__Host-` cookies must be Secure, which a plain-http localhost cannot set. */
function cookieName(base: string, secure: boolean) {
  return secure ? `__Host-${base}` : base;
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name)
      return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

function readEither(request: Request, base: string): string | undefined {
  return readCookie(request, `__Host-${base}`) ?? readCookie(request, base);
}

function serialize(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export type Binding = { secret: string; hash: string; setCookie: string | undefined };

/** The browser's binding secret, minting one (and its Set-Cookie) when it has none. */
export function bindingFor(request: Request): Binding {
  const existing = readEither(request, BINDING);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) {
    return { secret: existing, hash: sha256(existing), setCookie: undefined };
  }
  const secret = randomId(24);
  const secure = isHttps(request);
  return {
    secret,
    hash: sha256(secret),
    setCookie: serialize(cookieName(BINDING, secure), secret, 24 * 3600, secure),
  };
}

/** The hash of the binding secret this request carries, if any. */
export function bindingHashOf(request: Request): string | undefined {
  const secret = readEither(request, BINDING);
  return secret ? sha256(secret) : undefined;
}

export function isBoundTo(request: Request, bindingHash: string | null): boolean {
  const presented = bindingHashOf(request);
  return bindingHash !== null && presented !== undefined && safeEqual(presented, bindingHash);
}

export type SessionClaims = {
  sid: string;
  phone: string;
  method: string;
  verificationId: string;
  name?: string;
  verifiedAt: number;
};

/** A fresh signed session for a verified number: a new `sid` each time (rotation). */
export function issueSession(
  request: Request,
  claims: Omit<SessionClaims, "sid" | "verifiedAt">,
): { claims: SessionClaims; setCookie: string } {
  const full: SessionClaims = { ...claims, sid: randomId(18), verifiedAt: now() };
  const payload = Buffer.from(JSON.stringify(full)).toString("base64url");
  const value = `${payload}.${hmac(appSecret(), `session:${payload}`)}`;
  const secure = isHttps(request);
  return {
    claims: full,
    setCookie: serialize(cookieName(SESSION, secure), value, SESSION_MAX_AGE_S, secure),
  };
}

export function readSession(request: Request): SessionClaims | undefined {
  const value = readEither(request, SESSION);
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
