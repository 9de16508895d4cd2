import { afterEach, describe, expect, test } from "vitest";
import { reloadEnv } from "@/lib/env";
import { clientIp, PEER_HEADER, PEER_TOKEN_ENV, PEER_TOKEN_HEADER, peerKnown } from "./client-ip";

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
});
