import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { normalizeIp } from "@/lib/ip";
import { log } from "@/lib/log";

/**
 * The header our own server (scripts/serve.mjs) sets to the connection's address, replacing
 * whatever a client sent under that name. Next does not give route handlers the socket.
 */
export const PEER_HEADER = "x-pv-peer";

/**
 * The header that proves PEER_HEADER is our server's word and not a client's: the random
 * token our server made when it started, kept in PEER_TOKEN_ENV of its own process. Under
 * `next start`, `next dev` or a platform's server nobody sets the token, and PEER_HEADER is
 * just text any client may write.
 */
export const PEER_TOKEN_HEADER = "x-pv-peer-token";
export const PEER_TOKEN_ENV = "PV_PEER_TOKEN";

/** Whether our own server runs the app and so tells it each connection's address. */
export function peerKnown(): boolean {
  return Boolean(process.env[PEER_TOKEN_ENV]);
}

/** The connection's address, if our own server vouches for it. */
function peerOf(headers: Headers): string | undefined {
  const token = process.env[PEER_TOKEN_ENV];
  const sent = headers.get(PEER_TOKEN_HEADER);
  if (!token || !sent) return undefined;
  const expected = Buffer.from(token);
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return normalizeIp(headers.get(PEER_HEADER));
}

/**
 * The address a request came from (docs/security.md#sending-limits). With TRUST_PROXY=n, the
 * n-th address from the right of X-Forwarded-For: each trusted proxy appends the address it
 * was reached from, so everything left of that is what the client chose to send. Otherwise
 * the connection's own address, as our server tells it; a client's X-Forwarded-For never
 * counts. Undefined: unknown (all such requests share one budget).
 */
export function clientIp(headers: Headers): string | undefined {
  const hop = trustedForwarded(headers, "x-forwarded-for");
  if (!hop) return peerOf(headers);
  const address = normalizeIp(hop);
  if (address === undefined) warnUnreadableHop(hop);
  return address;
}

const WARN_EVERY_MS = 60_000;
let lastWarnedAt = -Infinity;

/**
 * A trusted proxy's hop that is no address leaves the client unknown, sharing the one budget of
 * all unknown clients: the operator should hear of it (a proxy that writes names, or a
 * TRUST_PROXY that counts one proxy too many). Once a minute at most, since every request says it.
 */
function warnUnreadableHop(hop: string): void {
  const at = Date.now();
  if (at - lastWarnedAt < WARN_EVERY_MS) return;
  lastWarnedAt = at;
  log.warn(
    "a trusted proxy's X-Forwarded-For entry is no address: such clients share one budget. Check TRUST_PROXY",
    { hop: hop.slice(0, 100) },
  );
}

/**
 * What the outermost trusted proxy put in an `X-Forwarded-*` header, with TRUST_PROXY=n: the
 * n-th entry from the right (a proxy that appends adds its entry on the right, so entries left
 * of it came from the client), or the only one when a proxy set the header outright.
 * Undefined without TRUST_PROXY or without the header: a client's own header never counts.
 */
export function trustedForwarded(headers: Headers, name: string): string | undefined {
  const hops = getEnv().TRUST_PROXY;
  if (hops === 0) return undefined;
  const chain = (headers.get(name) ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (name !== "x-forwarded-for" && chain.length === 1) return chain[0];
  return chain[chain.length - hops];
}
