import { describe, expect, test } from "vitest";
import { isPublicAddress, resolveDeliveryTarget } from "./address";

describe("isPublicAddress", () => {
  test.each([
    ["8.8.8.8", true],
    ["1.1.1.1", true],
    ["100.63.255.255", true],
    ["100.128.0.0", true],
    ["172.32.0.1", true],
    ["0.0.0.0", false],
    ["0.1.2.3", false],
    ["10.0.0.1", false],
    ["100.64.0.1", false], // carrier-grade NAT
    ["100.127.255.254", false],
    ["127.0.0.1", false],
    ["127.255.255.255", false],
    ["169.254.169.254", false], // cloud metadata
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["192.0.2.10", false],
    ["198.18.0.1", false],
    ["224.0.0.1", false],
    ["239.255.255.250", false],
    ["255.255.255.255", false],
    ["2606:4700:4700::1111", true],
    ["2001:4860:4860::8888", true],
    ["::", false],
    ["::1", false],
    ["0:0:0:0:0:0:0:1", false],
    ["fe80::1", false],
    ["febf:ffff::1", false],
    ["fe80::1%eth0", false],
    ["fc00::1", false],
    ["fd12:3456:789a::1", false],
    ["ff02::1", false],
    ["2001:db8::1", false],
    ["::ffff:127.0.0.1", false], // IPv4-mapped
    ["::ffff:7f00:1", false], // the same, as URLs write it
    ["::FFFF:10.1.2.3", false],
    ["::ffff:169.254.169.254", false],
    ["::ffff:8.8.8.8", true],
    ["::ffff:808:808", true],
    ["64:ff9b::a00:1", false], // NAT64 of 10.0.0.1
    ["64:ff9b::8.8.8.8", true],
    ["2002:7f00:1::", false], // 6to4 of 127.0.0.1
    ["2002:808:808::1", true],
    ["::127.0.0.1", false], // IPv4-compatible (deprecated)
    ["not an address", false],
    ["", false],
    ["256.1.1.1", false],
  ])("%s: %s", (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe("resolveDeliveryTarget", () => {
  const strict = { allowPrivate: false };

  // Names that reach this machine however they are spelt: each resolves (or is normalised by
  // the URL parser) to a loopback or unspecified address, and is refused for that address.
  test.each([
    "http://localhost:8080/hook",
    "https://localhost/hook",
    "http://127.0.0.1/hook",
    "http://[::1]/hook",
    "https://127.1/hook",
    "https://2130706433/hook",
    "https://0x7f000001/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://[::]/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[fd00::1]/hook",
  ])("%s: refused as not public", async (url) => {
    const result = await resolveDeliveryTarget(url, strict);
    expect(result).toEqual({ refused: expect.stringMatching(/not a public address/) });
  });

  test.each([
    ["http://example.com/hook", /must be https/],
    ["http://localhost.example.com/hook", /must be https/],
    ["http://127.0.0.1.nip.io/hook", /must be https/],
    ["ftp://example.com/hook", /must be https/],
    ["https://does-not-exist.invalid/hook", /could not be resolved/],
  ])("%s: refused (%s)", async (url, reason) => {
    const result = await resolveDeliveryTarget(url, strict);
    expect(result).toEqual({ refused: expect.stringMatching(reason) });
  });

  test("WEBHOOK_ALLOW_PRIVATE: a private address is allowed, and pinned", async () => {
    const result = await resolveDeliveryTarget("http://127.0.0.1:8080/hook", {
      allowPrivate: true,
    });
    expect(result).toEqual({
      target: { url: new URL("http://127.0.0.1:8080/hook"), address: "127.0.0.1", family: 4 },
    });
  });

  test("a name is pinned to the address it resolved to, the URL keeps the name", async () => {
    const result = await resolveDeliveryTarget("https://localhost/hook", { allowPrivate: true });
    expect(result).toMatchObject({ target: { url: { hostname: "localhost" } } });
    if ("target" in result) expect(["127.0.0.1", "::1"]).toContain(result.target.address);
  });

  test("our own receiver (trusted): http to a private address outside localhost", async () => {
    const url = "http://10.0.0.5:3000/api/sandbox/webhooks";
    expect(await resolveDeliveryTarget(url, strict)).toHaveProperty("refused");
    expect(await resolveDeliveryTarget(url, { ...strict, trusted: true })).toMatchObject({
      target: { address: "10.0.0.5" },
    });
  });
});
