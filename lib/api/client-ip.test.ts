import { afterEach, describe, expect, test, vi } from "vitest";
import { reloadEnv } from "@/lib/env";
import {
  clientIp,
  PEER_HEADER,
  PEER_TOKEN_ENV,
  PEER_TOKEN_HEADER,
  peerKnown,
  trustedForwarded,
} from "./client-ip";

const token = "a-token-our-server-made-at-start-0123456789";

afterEach(() => {
  delete process.env[PEER_TOKEN_ENV];
  delete process.env.TRUST_PROXY;
  reloadEnv();
});

describe("clientIp", () => {
  test("without our server's token, a peer header is what a client wrote: unknown", () => {
    reloadEnv();
    expect(peerKnown()).toBe(false);
    expect(clientIp(new Headers({ [PEER_HEADER]: "203.0.113.7" }))).toBeUndefined();
    // Guessing at a token changes nothing when there is none.
    const guessed = new Headers({ [PEER_HEADER]: "203.0.113.7", [PEER_TOKEN_HEADER]: "" });
    expect(clientIp(guessed)).toBeUndefined();
  });

  test("with our server's token, the address it set counts; any other token does not", () => {
    process.env[PEER_TOKEN_ENV] = token;
    reloadEnv();
    expect(peerKnown()).toBe(true);
    const ours = new Headers({ [PEER_HEADER]: "::ffff:203.0.113.7", [PEER_TOKEN_HEADER]: token });
    expect(clientIp(ours)).toBe("203.0.113.7");
    expect(clientIp(new Headers({ [PEER_HEADER]: "203.0.113.7" }))).toBeUndefined();
    for (const forged of ["wrong", token.slice(1), `${token}x`, token.toUpperCase()]) {
      const headers = new Headers({ [PEER_HEADER]: "203.0.113.7", [PEER_TOKEN_HEADER]: forged });
      expect(clientIp(headers), forged).toBeUndefined();
    }
  });

  test("TRUST_PROXY: the address the trusted proxy appended, with or without our server", () => {
    process.env.TRUST_PROXY = "1";
    reloadEnv();
    const headers = new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" });
    expect(clientIp(headers)).toBe("203.0.113.7");
  });

  test("TRUST_PROXY: a hop with a port is its address; one that is no address is warned about", () => {
    process.env.TRUST_PROXY = "1";
    reloadEnv();
    const hop = (value: string) =>
      clientIp(new Headers({ "x-forwarded-for": `10.0.0.1, ${value}` }));
    expect(hop("203.0.113.9:54321")).toBe("203.0.113.9");
    expect(hop("[2001:db8::1]:443")).toBe("2001:db8:0:0:0:0:0:1");
    expect(hop("::ffff:cb00:7109")).toBe("203.0.113.9");
    const warned = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      // Unknown, so it shares the one unknown budget: but the operator is told why.
      expect(hop("proxy-7.internal")).toBeUndefined();
      expect(warned).toHaveBeenCalledTimes(1);
      expect(JSON.parse(String(warned.mock.calls[0]![0]))).toMatchObject({
        level: "warn",
        hop: "proxy-7.internal",
      });
    } finally {
      warned.mockRestore();
    }
  });
});

describe("trustedForwarded", () => {
  test("without TRUST_PROXY, no X-Forwarded-* header counts", () => {
    reloadEnv();
    const headers = new Headers({ "x-forwarded-proto": "https", "x-forwarded-host": "a.example" });
    expect(trustedForwarded(headers, "x-forwarded-proto")).toBeUndefined();
    expect(trustedForwarded(headers, "x-forwarded-host")).toBeUndefined();
  });

  test("with TRUST_PROXY=n, the entry the outermost trusted proxy wrote, not the client's", () => {
    process.env.TRUST_PROXY = "1";
    reloadEnv();
    // A proxy that appends: what the client sent is on the left.
    const appended = new Headers({
      "x-forwarded-proto": "http, https",
      "x-forwarded-host": "evil.example, app.example",
    });
    expect(trustedForwarded(appended, "x-forwarded-proto")).toBe("https");
    expect(trustedForwarded(appended, "x-forwarded-host")).toBe("app.example");
    // A proxy that sets the header outright.
    const set = new Headers({ "x-forwarded-proto": "https" });
    expect(trustedForwarded(set, "x-forwarded-proto")).toBe("https");
    process.env.TRUST_PROXY = "2";
    reloadEnv();
    // Two proxies that append: the outer one's entry is second from the right.
    const twice = new Headers({ "x-forwarded-host": "evil.example, app.example, lb.internal" });
    expect(trustedForwarded(twice, "x-forwarded-host")).toBe("app.example");
    expect(trustedForwarded(set, "x-forwarded-proto")).toBe("https");
  });
});
