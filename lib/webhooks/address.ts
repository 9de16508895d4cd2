import { lookup } from "node:dns/promises";
import { isIPv4, isIPv6 } from "node:net";
import { ipv6Groups } from "@/lib/ip";

// Where a webhook may go: a key holder chooses the URL, so without this
// check they could make the server call its own network (a database's HTTP port, a cloud's
// metadata service at 169.254.169.254). The ranges are IANA's special-purpose registries
// (RFC 6890): https://www.iana.org/assignments/iana-ipv4-special-registry and
// https://www.iana.org/assignments/iana-ipv6-special-registry.

const IPV4_NOT_PUBLIC: [string, number][] = [
  ["0.0.0.0", 8], // "this network", incl. the unspecified 0.0.0.0
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast 255.255.255.255
];

/** True when `ip` (IPv4 or IPv6) is a public unicast address; false for anything else. */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return isPublicIpv4(ipv4Number(ip));
  if (!isIPv6(ip) || ip.includes("%")) return false;
  const groups = ipv6Groups(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = g6 * 0x10000 + g7;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return isPublicIpv4(embedded);
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPublicIpv4(embedded);
  }
  // 6to4 (2002:aabb:ccdd::/48) carries its IPv4 address in the second and third groups.
  if (g0 === 0x2002) return isPublicIpv4(g1 * 0x10000 + g2);
  // Only global unicast (2000::/3) is public: this leaves out ::, ::1, the IPv4-compatible
  // ::/96, 100::/64 (discard), fc00::/7 (unique-local), fe80::/10 (link-local), ff00::/8.
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 === 0xdb8) return false; // documentation
  // Teredo (2001::/32) tunnels to an IPv4 address we cannot see: not worth the doubt.
  if (g0 === 0x2001 && g1 === 0) return false;
  return true;
}

function isPublicIpv4(value: number): boolean {
  return !IPV4_NOT_PUBLIC.some(([network, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (ipv4Number(network) & mask) >>> 0;
  });
}

function ipv4Number(ip: string): number {
  return ip.split(".").reduce((value, part) => value * 256 + Number(part), 0);
}

/** The address a delivery connects to: checked once, then used for the connection itself. */
export type DeliveryTarget = { url: URL; address: string; family: 4 | 6 };

type Resolution = { target: DeliveryTarget } | { refused: string };

// Plain http only to this machine, where no one can read or change it on the way.
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const RESOLVE_TIMEOUT_MS = 5000;

/**
 * Where a webhook to `url` may be sent, or why not. The host is resolved here, once per
 * attempt, and the caller connects to the address returned (not to the name again), so that a
 * name answering a public address to this check and a private one to the connection (DNS
 * rebinding) still reaches only the checked address. `trusted`: our own receiver (the
 * sandbox's), allowed whatever its scheme and address.
 */
export async function resolveDeliveryTarget(
  url: string,
  options: { allowPrivate: boolean; trusted?: boolean },
): Promise<Resolution> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: "the webhook URL is not a URL" };
  }
  const open = options.trusted === true;
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return { refused: `the webhook URL must be https, not ${parsed.protocol}` };
  }
  if (parsed.protocol === "http:" && !LOCAL_HOSTS.has(parsed.hostname) && !open) {
    return { refused: "the webhook URL must be https (http only for localhost)" };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  try {
    addresses = await withTimeout(lookup(host, { all: true, verbatim: true }));
  } catch {
    return { refused: `${host} could not be resolved` };
  }
  const first = addresses[0];
  if (!first) return { refused: `${host} could not be resolved` };
  if (!options.allowPrivate && !open) {
    // Every address, not only the one we would pick: a name listing a private address among
    // public ones is not a name to trust.
    const inside = addresses.find(({ address }) => !isPublicAddress(address));
    if (inside) {
      return {
        refused: `${host} resolves to ${inside.address}, not a public address (WEBHOOK_ALLOW_PRIVATE=1 allows it)`,
      };
    }
  }
  return { target: { url: parsed, address: first.address, family: first.family === 6 ? 6 : 4 } };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), RESOLVE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
