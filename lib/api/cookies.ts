import { getEnv } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { trustedForwarded } from "./client-ip";

// The app's two cookies (docs/security.md#binding-and-sessions):
// - the binding cookie: a random secret per browser; a verification row stores its hash;
// - the session cookie: signed, issued (and so rotated) when a verification succeeds.
// `__Host-` and Secure over https; HttpOnly and SameSite=Lax always. They are written here and
// read with lib/cookies.ts. The language cookie (lib/i18n/locales.ts) is the browser's own, also
// written by its language switch: not HttpOnly.

export const BINDING_COOKIE = "pv_binding";
export const SESSION_COOKIE = "pv_session";
export const BINDING_MAX_AGE_S = 24 * 3600;

/**
 * Whether the browser talks to us over https. A proxy's X-Forwarded-Proto counts only with
 * TRUST_PROXY (docs/security.md#cross-site-requests); without one, the app itself serves plain
 * http and only APP_URL can say the public origin is https (a client could send the header).
 */
export function isHttps(request: { headers: Headers }): boolean {
  const env = getEnv();
  const forwarded = trustedForwarded(request.headers, "x-forwarded-proto");
  if (forwarded) return forwarded === "https";
  return env.appUrl.startsWith("https:");
}

export function serializeCookie(
  base: string,
  value: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  // `__Host-` cookies must be Secure, which a plain-http localhost cannot set.
  const name = secure ? `__Host-${base}` : base;
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

/** The language cookie, as the language switch writes it: a year. */
export function localeCookie(locale: string): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
