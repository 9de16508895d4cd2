import { trustedForwarded } from "./client-ip";
import { ApiError } from "@/lib/errors";

/**
 * CSRF defence for state-changing browser requests (docs/security.md#cross-site-requests): a browser always
 * says where a request comes from, through Sec-Fetch-Site or Origin. A request that says
 * neither is not from a browser (curl, a server) and carries no ambient cookies to abuse.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw crossSite();
  const origin = request.headers.get("origin");
  // A browser posts a form with `Origin: null` from a page whose referrer policy is
  // no-referrer; its Sec-Fetch-Site, which no page can set, still says where it came from.
  if (site === "same-origin" && origin === "null") return;
  if (origin === null) return;
  // A proxy's X-Forwarded-Host counts only when it is trusted; anyone can send the header.
  const host = trustedForwarded(request.headers, "x-forwarded-host") || request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  if (!host || originHost !== host) {
    // Said in full for whoever copied a request with another port in its Origin: the words
    // name only what the request itself carried.
    throw crossSite(
      `this request's Origin is ${origin}, not this server (${host ?? "no Host"}); a call from a server sends no Origin header`,
    );
  }
}

function crossSite(why?: string) {
  const message = "Cross-site requests are not allowed.";
  return new ApiError("cross_site_request", why ? `${message.slice(0, -1)}: ${why}.` : message);
}
