// Reading a Cookie header: a utility below both the route layer (lib/api, which also writes the
// app's cookies) and the language pick (lib/i18n/request.ts).

/** A cookie's value from a Cookie header, the `__Host-` form first. */
export function readCookie(header: string | null, base: string): string | undefined {
  return cookieValue(header, `__Host-${base}`) ?? cookieValue(header, base);
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
