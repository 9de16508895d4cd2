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

  test("IPv4-mapped IPv6 in any of its forms is the IPv4 address", () => {
    for (const mapped of [
      "::ffff:203.0.113.9",
      "::FFFF:cb00:7109",
      "0:0:0:0:0:ffff:203.0.113.9",
      "0:0:0:0:0:ffff:cb00:7109",
      "0000:0000:0000:0000:0000:FFFF:CB00:7109",
      "[::ffff:cb00:7109]",
    ]) {
      expect(normalizeIp(mapped), mapped).toBe("203.0.113.9");
    }
    // Three IPv4 clients are three networks, not one IPv6 /64.
    const networks = ["::ffff:cb00:7101", "0:0:0:0:0:ffff:10.1.2.3", "::ffff:c633:6401"].map((ip) =>
      networkOf(normalizeIp(ip)!),
    );
    expect(networks).toEqual(["203.0.113.0/24", "10.1.2.0/24", "198.51.100.0/24"]);
    // Not mapped: the IPv6 address itself, in eight groups.
    expect(normalizeIp("::fffe:cb00:7109")).toBe("0:0:0:0:0:fffe:cb00:7109");
    expect(normalizeIp("64:ff9b::203.0.113.9")).toBe("64:ff9b:0:0:0:0:cb00:7109");
  });

  test("a port after the address is left off", () => {
    expect(normalizeIp("203.0.113.9:54321")).toBe("203.0.113.9");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normalizeIp("[::ffff:203.0.113.9]:8080")).toBe("203.0.113.9");
    expect(normalizeIp("203.0.113.9:")).toBeUndefined();
    expect(normalizeIp("203.0.113.9:99999")).toBeUndefined();
    expect(normalizeIp("[2001:db8::1]:")).toBeUndefined();
  });
});

describe("networkOf", () => {
  test("an IPv4 /24 and an IPv6 /64", () => {
    expect(networkOf("203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkOf(normalizeIp("2001:db8:aa:bb:1:2:3:4")!)).toBe("2001:db8:aa:bb::/64");
    expect(networkOf(normalizeIp("2001:db8::1")!)).toBe("2001:db8:0:0::/64");
  });
});
