// Reading a Cookie header: a utility below both the route layer (lib/api, which also writes the
// app's cookies) and the language pick (lib/i18n/request.ts).

/**
 * A cookie's value from a Cookie header: the `__Host-` form, else the plain one unless
 * `plainRefused()` says that form is not ours. Over https we only ever set the `__Host-` form,
 * which no other host (a sibling subdomain, an http page on a network in the middle) can set;
 * a plain cookie there was planted by one of them (binding fixation), and is no cookie.
 */
export function readCookie(
  header: string | null,
  base: string,
  plainRefused: () => boolean = () => false,
): string | undefined {
  const hostOnly = cookieValue(header, `__Host-${base}`);
  if (hostOnly !== undefined) return hostOnly;
  const plain = cookieValue(header, base);
  return plain === undefined || plainRefused() ? undefined : plain;
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined; // a malformed escape (%zz): as if there were no cookie
    }
  }
  return undefined;
}
