import { isIPv4, isIPv6 } from "node:net";

// Client addresses, as the budgets count them (docs/security.md#sending-limits): an address,
// and the network it sits in (an IPv4 /24, an IPv6 /64), since one person can hold many
// addresses of one network.

/** The address in canonical form (IPv4-mapped IPv6 as IPv4); undefined if it is not one. */
export function normalizeIp(value: string | null | undefined): string | undefined {
  const text = value?.trim().replace(/^\[|\]$/g, "");
  if (!text) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return expandIpv6(text).join(":");
  return undefined;
}

/** The /24 of an IPv4 address, the /64 of an IPv6 one. */
export function networkOf(ip: string): string {
  if (isIPv4(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((part) =>
    part.replace(/^0+(?=.)/, ""),
  );
}
