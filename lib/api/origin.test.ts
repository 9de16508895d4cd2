import { afterEach, describe, expect, test } from "vitest";
import { reloadEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { assertSameOrigin } from "./origin";

// Which browser requests count as our own pages' (docs/security.md#cross-site-requests).

function refusal(headers: Record<string, string>): string | undefined {
  try {
    assertSameOrigin(
      new Request("http://127.0.0.1/api/verifications", { method: "POST", headers }),
    );
    return undefined;
  } catch (error) {
    if (error instanceof ApiError && error.code === "cross_site_request") return error.message;
    throw error;
  }
}

function withSettings(settings: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
}

const saved = { APP_URL: process.env.APP_URL, TRUST_PROXY: process.env.TRUST_PROXY };
afterEach(() => withSettings(saved));

describe("with APP_URL set", () => {
  test("our pages' requests pass, however the Origin spells the origin", () => {
    withSettings({ APP_URL: "https://verify.example", TRUST_PROXY: undefined });
    const ours = { host: "verify.example", "sec-fetch-site": "same-origin" };
    expect(refusal({ ...ours, origin: "https://verify.example" })).toBeUndefined();
    expect(refusal({ ...ours, origin: "https://Verify.Example:443" })).toBeUndefined();
    // A form from a no-referrer page: Origin null, sent to our host.
    expect(refusal({ ...ours, origin: "null" })).toBeUndefined();
    // A server's call says neither where it came from nor carries a browser's cookies.
    expect(refusal({ host: "verify.example" })).toBeUndefined();
  });

  test("DNS rebinding: a page on the attacker's name, pointed at our address, is refused", () => {
    withSettings({ APP_URL: "https://verify.example", TRUST_PROXY: undefined });
    const rebound = { host: "rebind.attacker.example", "sec-fetch-site": "same-origin" };
    // To the browser, Host and Origin agree: the page is "same-origin" to the name it loaded.
    expect(refusal({ ...rebound, origin: "https://rebind.attacker.example" })).toBe(
      "Cross-site requests are not allowed: this request's Origin is https://rebind.attacker.example, not this app (https://verify.example, APP_URL); a call from a server sends no Origin header.",
    );
    // The same page's fetch with referrerPolicy "no-referrer" sends `Origin: null`.
    expect(refusal({ ...rebound, origin: "null" })).toBe(
      "Cross-site requests are not allowed: this request was sent to rebind.attacker.example, not to this app (https://verify.example, APP_URL).",
    );
  });

  test("APP_URL with a path (an app mounted under one): its origin is compared", () => {
    withSettings({ APP_URL: "https://example.com/verify", TRUST_PROXY: undefined });
    const ours = { host: "example.com", "sec-fetch-site": "same-origin" };
    expect(refusal({ ...ours, origin: "https://example.com" })).toBeUndefined();
    expect(refusal({ ...ours, origin: "null" })).toBeUndefined();
    expect(refusal({ ...ours, origin: "https://other.example" })).toMatch(/not this app/);
  });

  test("a Host with its default port is the same host", () => {
    withSettings({ APP_URL: "https://verify.example", TRUST_PROXY: undefined });
    const sent = { host: "verify.example:443", "sec-fetch-site": "same-origin", origin: "null" };
    expect(refusal(sent)).toBeUndefined();
    expect(refusal({ ...sent, host: "verify.example:8443" })).toMatch(
      /sent to verify\.example:8443/,
    );
  });

  test("another scheme or port of our host is another origin", () => {
    withSettings({ APP_URL: "https://verify.example", TRUST_PROXY: undefined });
    const host = { host: "verify.example" };
    expect(refusal({ ...host, origin: "http://verify.example" })).toMatch(/not this app/);
    expect(refusal({ ...host, origin: "https://verify.example:8443" })).toMatch(/not this app/);
  });

  test("behind a trusted proxy, the host it forwards is the one compared", () => {
    withSettings({ APP_URL: "https://verify.example", TRUST_PROXY: "1" });
    const proxied = { host: "10.0.0.7:3000", "sec-fetch-site": "same-origin", origin: "null" };
    expect(refusal({ ...proxied, "x-forwarded-host": "verify.example" })).toBeUndefined();
    expect(refusal({ ...proxied, "x-forwarded-host": "rebind.attacker.example" })).toMatch(
      /sent to rebind\.attacker\.example/,
    );
  });
});

describe("without APP_URL (development)", () => {
  test("the server is whatever host the request names: localhost and 127.0.0.1 alike", () => {
    withSettings({ APP_URL: undefined, TRUST_PROXY: undefined });
    expect(refusal({ host: "localhost:3000", origin: "http://localhost:3000" })).toBeUndefined();
    expect(refusal({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBeUndefined();
    expect(refusal({ host: "127.0.0.1:3000", origin: "http://localhost:3000" })).toBe(
      "Cross-site requests are not allowed: this request's Origin is http://localhost:3000, not this server (127.0.0.1:3000); a call from a server sends no Origin header.",
    );
  });
});

test("whatever the settings, another site's request and a garbled Origin are refused", () => {
  for (const APP_URL of ["https://verify.example", undefined]) {
    withSettings({ APP_URL, TRUST_PROXY: undefined });
    const host = { host: "verify.example" };
    expect(refusal({ ...host, "sec-fetch-site": "cross-site" })).toBe(
      "Cross-site requests are not allowed.",
    );
    expect(refusal({ ...host, origin: "null" })).toBe("Cross-site requests are not allowed.");
    expect(refusal({ ...host, origin: "::garbled::" })).toMatch(
      /^Cross-site requests are not allowed/,
    );
  }
});
