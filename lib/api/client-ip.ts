import { getEnv } from "@/lib/env";
import { normalizeIp } from "@/lib/ip";

/**
 * The header our own server (scripts/serve.mjs) sets to the connection's address, replacing
 * whatever a client sent under that name. Next does not give route handlers the socket.
 */
export const PEER_HEADER = "x-pv-peer";

/**
 * The address a request came from (docs/security.md#sending-limits). With TRUST_PROXY=n, the
 * n-th address from the right of X-Forwarded-For: each trusted proxy appends the address it
 * was reached from, so everything left of that is what the client chose to send. Otherwise
 * the connection's own address; a client's X-Forwarded-For never counts.
 */
export function clientIp(headers: Headers): string | undefined {
  const hops = getEnv().TRUST_PROXY;
  if (hops > 0) {
    const chain = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    const address = chain[chain.length - hops];
    if (address) return normalizeIp(address);
  }
  return normalizeIp(headers.get(PEER_HEADER));
}
