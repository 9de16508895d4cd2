// The JSON answer of every HTTP handler the app serves: its routes (through ./route.ts) and the
// providers' emulators (lib/methods/<method>/emulator/). Knows nothing of callers or routes.

/**
 * Every JSON answer of the API. Never cached; and `no-transform` keeps `next start` from
 * gzipping it: the answers are a few hundred bytes, and a gzip stream per answer costs about
 * a millisecond of CPU — more than the rest of a status poll.
 */
export const API_CACHE_CONTROL = "no-store, no-transform";

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", API_CACHE_CONTROL);
  headers.set("Content-Type", "application/json");
  // What Response.json() does, for about half its cost (measured on every status poll).
  return new Response(JSON.stringify(body), { ...init, headers });
}
