import { isIPv4, isIPv6 } from "node:net";

// Client addresses, as the budgets count them (docs/security.md#sending-limits): an address,
// and the network it sits in (an IPv4 /24, an IPv6 /64), since one person can hold many
// addresses of one network.

// A port after an address, as some proxies write their hops: 203.0.113.9:54321, [2001:db8::1]:443.
const IPV4_WITH_PORT = /^(\d+\.\d+\.\d+\.\d+):(\d{1,5})$/;
const BRACKETED = /^\[([^\]]+)\](?::(\d{1,5}))?$/;

/**
 * The address in canonical form: IPv4 as dotted quads, any IPv4-mapped IPv6 address
 * (::ffff:0:0/96, however it is written) as its IPv4 address, any other IPv6 address as its
 * eight groups; a port after it is left off. Undefined if it is not one.
 */
export function normalizeIp(value: string | null | undefined): string | undefined {
  let text = value?.trim();
  if (!text) return undefined;
  const bracketed = BRACKETED.exec(text);
  const withPort = bracketed ?? IPV4_WITH_PORT.exec(text);
  if (withPort) {
    const port = withPort[2];
    if (port !== undefined && Number(port) > 65535) return undefined;
    text = withPort[1]!;
  }
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return undefined;
  const groups = ipv6Groups(text);
  // ::ffff:a.b.c.d is an IPv4 client seen through an IPv6 socket: the IPv4 address is what counts.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return groups.map((group) => group.toString(16)).join(":");
}

/** The /24 of an IPv4 address, the /64 of an IPv6 one. */
export function networkOf(ip: string): string {
  if (isIPv4(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  return `${ipv6Groups(ip)
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail is two of them). */
export function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((part) =>
    Number.parseInt(part, 16),
  );
}
