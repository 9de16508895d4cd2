import { trustedForwarded } from "./client-ip";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";

/**
 * CSRF defence for state-changing browser requests (docs/security.md#cross-site-requests): a browser always
 * says where a request comes from, through Sec-Fetch-Site or Origin. A request that says
 * neither is not from a browser (curl, a server) and carries no ambient cookies to abuse.
 *
 * With APP_URL set, a page of ours is on that origin and nowhere else. The Host header is no
 * proof of it: a name an attacker points at our address (DNS rebinding) makes their page
 * "same-origin" to the browser, Host and Origin alike, and every visitor's browser a sender.
 * Without APP_URL (development), the server is whatever the request names: localhost and
 * 127.0.0.1 alike.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw crossSite();
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const { APP_URL, appUrl } = getEnv();
  // A proxy's X-Forwarded-Host counts only when it is trusted; anyone can send the header.
  const host = trustedForwarded(request.headers, "x-forwarded-host") || request.headers.get("host");
  if (origin === "null") {
    // A browser posts with `Origin: null` from a page whose referrer policy is no-referrer; its
    // Sec-Fetch-Site, which no page can set, still says the page was on the host it sent to.
    if (site !== "same-origin") throw crossSite();
    if (APP_URL !== undefined && hostOf(host, appUrl) !== new URL(appUrl).host) {
      throw crossSite(
        `this request was sent to ${host ?? "no Host"}, not to this app (${appUrl}, APP_URL)`,
      );
    }
    return;
  }
  if (APP_URL !== undefined) {
    // APP_URL may carry a path (an app mounted under one); an Origin never does.
    if (originOf(origin) !== new URL(appUrl).origin) {
      throw crossSite(
        `this request's Origin is ${origin}, not this app (${appUrl}, APP_URL); a call from a server sends no Origin header`,
      );
    }
    return;
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  if (!host || originHost !== host.toLowerCase()) {
    // Said in full for whoever copied a request with another port in its Origin: the words
    // name only what the request itself carried.
    throw crossSite(
      `this request's Origin is ${origin}, not this server (${host ?? "no Host"}); a call from a server sends no Origin header`,
    );
  }
}

/**
 * A Host header as APP_URL spells its host (lower-case, no default port: a proxy may forward
 * `verify.example:443`); undefined when there is none, or it is not a host.
 */
function hostOf(host: string | null, appUrl: string): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`${new URL(appUrl).protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** An Origin header as browsers and APP_URL spell it (lower-case host, no default port). */
function originOf(origin: string): string | undefined {
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

function crossSite(why?: string) {
  const message = "Cross-site requests are not allowed.";
  return new ApiError("cross_site_request", why ? `${message.slice(0, -1)}: ${why}.` : message);
}
