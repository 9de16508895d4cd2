import "server-only";
import { serverCaller, type Caller } from "@/lib/core/caller";
import { sha256 } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request";
import { clientIp } from "./client-ip";
import { SESSION_MAX_AGE_S, signSession, verifySession } from "@/lib/session";
import { readCookie } from "@/lib/cookies";
import {
  BINDING_COOKIE,
  BINDING_MAX_AGE_S,
  isHttps,
  localeCookie,
  serializeCookie,
  SESSION_COOKIE,
} from "./cookies";

/**
 * Who is calling, from a Cookie header: read once per request, by the route wrapper or a page.
 * `overHttps` says whether the browser talks to us over https (then only the `__Host-` cookies
 * count): a page passes `pageOverHttps(await headers())`.
 */
export function callerFromCookies(
  header: string | null,
  locale?: Locale,
  overHttps: () => boolean = () => getEnv().appUrl.startsWith("https:"),
): Caller {
  const binding = readCookie(header, BINDING_COOKIE, overHttps);
  return {
    // Anything but a secret we could have minted is no binding at all.
    bindingHash: binding && /^[A-Za-z0-9_-]{32,64}$/.test(binding) ? sha256(binding) : undefined,
    sessionVerificationId: verifySession(readCookie(header, SESSION_COOKIE, overHttps))
      ?.verificationId,
    locale,
  };
}

/** The number this browser is signed in with (its session cookie), from a page's headers. */
export function signedInPhone(headers: Headers): string | undefined {
  return verifySession(readCookie(headers.get("cookie"), SESSION_COOKIE, pageOverHttps(headers)))
    ?.phone;
}

/** For a page: whether its request came over https, asked only when it matters. */
export function pageOverHttps(headers: Headers): () => boolean {
  return () => isHttps({ headers });
}

export function callerOf(request: Request): Caller {
  return {
    ...callerFromCookies(request.headers.get("cookie"), requestLocale(request), () =>
      isHttps(request),
    ),
    ip: clientIp(request.headers),
  };
}

/**
 * A server calling a server-to-server API (the seed SMS API): its address and whether it
 * presented a key; not a browser's cookies, nor its language (the SMS it asks for are English).
 */
export function serverCallerOf(request: Request, keyed: boolean): Caller {
  return { ...serverCaller, ip: clientIp(request.headers), keyed };
}

/** A verification as far as the session cookie cares. */
export type Verified = {
  id: string;
  status: string;
  phone: string;
  method: string;
  displayName: string | null;
};

/**
 * The Set-Cookie headers for what a handler returned: the binding secret it minted, or the
 * caller's own sent again with a fresh max-age (`renewBinding`); a fresh session once a
 * verification of this browser is approved (unless it already holds it); the language an app
 * chose.
 */
export function cookiesFor(
  request: Request,
  caller: Caller,
  returned: {
    binding?: string;
    renewBinding?: boolean;
    verified?: Verified;
    locale?: string;
    signOut?: boolean;
  },
): string[] {
  const verified = returned.verified;
  const newSession =
    verified?.status === "approved" && caller.sessionVerificationId !== verified.id;
  // The secret itself is read again only to renew it: caller.bindingHash says it is a valid one.
  const binding =
    returned.binding ??
    (returned.renewBinding && caller.bindingHash !== undefined
      ? readCookie(request.headers.get("cookie"), BINDING_COOKIE, () => isHttps(request))
      : undefined);
  // Most answers set nothing: a status poll does not pay for reading the scheme.
  if (!binding && !newSession && !returned.locale && !returned.signOut) return [];
  const secure = isHttps(request);
  const cookies: string[] = [];
  if (binding) {
    cookies.push(serializeCookie(BINDING_COOKIE, binding, BINDING_MAX_AGE_S, secure));
  }
  if (newSession && verified) {
    const token = signSession({
      phone: verified.phone,
      method: verified.method,
      verificationId: verified.id,
      name: verified.displayName ?? undefined,
    });
    cookies.push(serializeCookie(SESSION_COOKIE, token, SESSION_MAX_AGE_S, secure));
  }
  if (returned.locale) cookies.push(localeCookie(returned.locale));
  // Signed out: the browser lets go of its verifications too (the binding), or the next poll of
  // an approved one would sign it in again, on a shared computer as the person who left.
  if (returned.signOut) {
    cookies.push(serializeCookie(SESSION_COOKIE, "", 0, secure));
    cookies.push(serializeCookie(BINDING_COOKIE, "", 0, secure));
  }
  return cookies;
}
