import { describe, expect, test } from "vitest";
import { networkOf, normalizeIp } from "./ip";

describe("normalizeIp", () => {
  test("IPv4, IPv4-mapped IPv6 and IPv6 in one canonical form; anything else is no address", () => {
    expect(normalizeIp(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normalizeIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("2001:DB8::0001")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normalizeIp("::1")).toBe("0:0:0:0:0:0:0:1");
    expect(normalizeIp("unknown")).toBeUndefined();
    expect(normalizeIp("1.2.3.4.5")).toBeUndefined();
    expect(normalizeIp(undefined)).toBeUndefined();
  });
});

describe("networkOf", () => {
  test("an IPv4 /24 and an IPv6 /64", () => {
    expect(networkOf("203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkOf(normalizeIp("2001:db8:aa:bb:1:2:3:4")!)).toBe("2001:db8:aa:bb::/64");
    expect(networkOf(normalizeIp("2001:db8::1")!)).toBe("2001:db8:0:0::/64");
  });
});
