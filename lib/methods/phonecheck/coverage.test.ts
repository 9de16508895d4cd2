import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { advanceClock } from "@/lib/clock";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { emulatorConfig, startCheck } from "@/lib/testing/phonecheck";
import { allAtOnce } from "@/lib/testing/sandbox";
import {
  COVERAGE_TTL_MS,
  forgetCoverage,
  LOOKUPS_PER_VERIFICATION,
  rememberedCoverage,
  type Coverage,
} from "./coverage";
import { PEER_HEADER, PEER_TOKEN_ENV, PEER_TOKEN_HEADER } from "@/lib/api/client-ip";
import { coverageLookups, emulateSimulatorNetwork } from "./emulator/coverage";
import { deviceCoverage } from "./provider/client";
import type { TruIdConfig } from "./provider/config";
import { TruIdError } from "./provider/errors";

// tru.ID's coverage lookup (docs/providers.md#coverage): the real client against the emulator
// over HTTP, and the route the PhoneCheck panel asks before it says "turn off Wi-Fi".

let app: TestApp;
let config: TruIdConfig;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
  config = emulatorConfig(app.url);
});
afterAll(() => app.close());
beforeEach(() => (globalThis as { truidTokens?: Map<string, unknown> }).truidTokens?.clear());
// The test's own address (127.0.0.1) back to what its kind says: no reach.
afterEach(() => setNetwork("default"));

/** What the simulated phone says of this test's own address. */
async function setNetwork(network: "mobile" | "wifi" | "default") {
  const response = await fetch(`${app.url}/api/sandbox/tru-id/simulator/network`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ network }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

function phone(): string {
  counter += 1;
  return `+1206555${String(3000 + counter * 7).slice(-4)}`;
}

describe("the client against the emulator", () => {
  test("an address on a mobile network: reachable, with the network and PhoneCheck", async () => {
    expect(await deviceCoverage(config, "192.0.2.7")).toEqual({
      reachable: true,
      networkId: "00101",
      networkName: "Sandbox Mobile",
      countryCode: "GB",
      phoneCheck: true,
    });
  });

  test("an address on no mobile network (404 No Reach): not reachable", async () => {
    expect(await deviceCoverage(config, "198.51.100.7")).toEqual({ reachable: false });
  });

  test("the phone put on Wi-Fi (412 not_mobile_ip), then on mobile data, then back", async () => {
    expect(await setNetwork("wifi")).toEqual({ ip: "127.0.0.1", network: "wifi", set: "wifi" });
    expect(await deviceCoverage(config, "127.0.0.1")).toEqual({ reachable: false });
    expect(await setNetwork("mobile")).toMatchObject({ network: "mobile", set: "mobile" });
    expect(await deviceCoverage(config, "127.0.0.1")).toMatchObject({ reachable: true });
    expect(await setNetwork("default")).toEqual({
      ip: "127.0.0.1",
      network: "no_reach",
      set: "default",
    });
    expect(await deviceCoverage(config, "127.0.0.1")).toEqual({ reachable: false });
  });

  test("an IPv6 address is sent in the path and understood", async () => {
    expect(await deviceCoverage(config, "2001:db8::1")).toEqual({ reachable: false });
  });

  test("not an address: a 400 problem, thrown", async () => {
    const error = await deviceCoverage(config, "not-an-ip").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TruIdError);
    expect(error).toMatchObject({ kind: "bad_request", status: 400 });
  });

  test("the lookup needs a coverage-scoped token: a phone_check one is refused", async () => {
    const token = await fetch(`${app.url}/api/sandbox/tru-id/oauth2/v1/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials&scope=phone_check",
    }).then((response) => response.json());
    const response = await fetch(
      `${app.url}/api/sandbox/tru-id/coverage/v0.1/device_ips/192.0.2.7`,
      { headers: { authorization: `Bearer ${token.access_token}` } },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
  });
});

describe("GET /api/phone-check/network", () => {
  const coverage = (browser: TestBrowser, id: string) =>
    browser.fetch(`/api/phone-check/network?verification=${encodeURIComponent(id)}`);

  test("the phone's own address: not mobile until the simulated phone is on mobile data", async () => {
    const device = new TestBrowser(app.url);
    const check = await startCheck(device, phone());
    expect(await (await coverage(device, check.id)).json()).toEqual({ coverage: "not_mobile" });
    await setNetwork("mobile");
    expect(await (await coverage(device, check.id)).json()).toEqual({ coverage: "mobile" });
    await setNetwork("wifi");
    expect(await (await coverage(device, check.id)).json()).toEqual({ coverage: "not_mobile" });
  });

  test("a burst of lookups costs one call to tru.ID: the answer is kept per check and address", async () => {
    const device = new TestBrowser(app.url);
    const check = await startCheck(device, phone());
    const before = coverageLookups();
    // 150 at once, then 50 one after another.
    const burst = await allAtOnce(150, async () => (await coverage(device, check.id)).json());
    expect(burst.every((answer) => answer.coverage === "not_mobile")).toBe(true);
    for (let i = 0; i < 50; i += 1) {
      expect(await (await coverage(device, check.id)).json()).toEqual({ coverage: "not_mobile" });
    }
    expect(coverageLookups() - before).toBe(1);
    // Another check asks once for itself.
    const other = await startCheck(device, phone());
    await coverage(device, other.id);
    await coverage(device, other.id);
    expect(coverageLookups() - before).toBe(2);
  });

  test("a check past its time, though not yet marked expired, asks tru.ID nothing more", async () => {
    const device = new TestBrowser(app.url);
    const check = await startCheck(device, phone());
    const before = coverageLookups();
    await coverage(device, check.id);
    expect(coverageLookups() - before).toBe(1);
    // Past its 120 s: nobody polled it, so its row still says pending.
    advanceClock(121_000);
    try {
      for (let i = 0; i < 20; i += 1) {
        expect(await (await coverage(device, check.id)).json()).toEqual({ coverage: "unknown" });
      }
      expect(coverageLookups() - before).toBe(1);
    } finally {
      advanceClock(-121_000);
    }
  });

  test("another browser's check is 404; no id is 400; an SMS verification is 409", async () => {
    const device = new TestBrowser(app.url);
    const check = await startCheck(device, phone());
    expect((await coverage(new TestBrowser(app.url), check.id)).status).toBe(404);
    const missing = await device.fetch("/api/phone-check/network");
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe("bad_request");
    const sms = await device.fetch("/api/verifications", {
      json: { method: "sms", phone: phone() },
    });
    expect(sms.status).toBe(201);
    const smsId = (await sms.json()).verification.id as string;
    expect((await coverage(device, smsId)).status).toBe(409);
  });
});

describe("remembered answers", () => {
  let ids = 0;
  const fresh = () => `remembered-${(ids += 1)}`;
  const counting = (answer: Coverage = "mobile") => {
    const asked: string[] = [];
    return { asked, lookup: async (ip: string) => (asked.push(ip), answer) };
  };

  test("one ask per address for the answer's lifetime, then one more", async () => {
    const { asked, lookup } = counting();
    const id = fresh();
    const until = 1_000_000 + 120_000;
    for (let i = 0; i < 5; i += 1) {
      expect(await rememberedCoverage(id, "192.0.2.7", until, 1_000_000 + i, lookup)).toBe(
        "mobile",
      );
    }
    expect(asked).toEqual(["192.0.2.7"]);
    await rememberedCoverage(id, "192.0.2.7", until, 1_000_000 + COVERAGE_TTL_MS, lookup);
    expect(asked).toEqual(["192.0.2.7", "192.0.2.7"]);
  });

  test("a client rotating addresses gets 'unknown' once the verification's asks are spent", async () => {
    const { asked, lookup } = counting();
    const id = fresh();
    const answers = [];
    for (let i = 0; i < 40; i += 1) {
      answers.push(await rememberedCoverage(id, `2001:db8::${i}`, 2_000_000, 1_000_000, lookup));
    }
    expect(asked).toHaveLength(LOOKUPS_PER_VERIFICATION);
    expect(answers.slice(LOOKUPS_PER_VERIFICATION).every((a) => a === "unknown")).toBe(true);
    // An address already answered keeps its answer.
    expect(await rememberedCoverage(id, "2001:db8::0", 2_000_000, 1_000_001, lookup)).toBe(
      "mobile",
    );
  });

  test("an error (not tru.ID's answer) is not remembered; forgetCoverage drops an address", async () => {
    const id = fresh();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error("bug");
    };
    await expect(
      rememberedCoverage(id, "192.0.2.8", 2_000_000, 1_000_000, failing),
    ).rejects.toThrow("bug");
    const { asked, lookup } = counting("not_mobile");
    expect(await rememberedCoverage(id, "192.0.2.8", 2_000_000, 1_000_001, lookup)).toBe(
      "not_mobile",
    );
    forgetCoverage("192.0.2.8");
    await rememberedCoverage(id, "192.0.2.8", 2_000_000, 1_000_002, lookup);
    expect([calls, asked.length]).toEqual([1, 2]);
  });
});

describe("the emulator's memory", () => {
  test("keeps the networks of the last 10 000 addresses that set one: a public demo's visitors do not grow it", async () => {
    const saved = process.env[PEER_TOKEN_ENV];
    process.env[PEER_TOKEN_ENV] = "peer-token-for-this-test";
    /** The simulated phone's switch, from `ip`, as scripts/serve.mjs tells the app the address. */
    const fromIp = (ip: string, network?: "mobile" | "default") =>
      emulateSimulatorNetwork(
        new Request(`${app.url}/api/sandbox/tru-id/simulator/network`, {
          method: network ? "POST" : "GET",
          headers: {
            [PEER_HEADER]: ip,
            [PEER_TOKEN_HEADER]: "peer-token-for-this-test",
            "content-type": "application/json",
          },
          body: network ? JSON.stringify({ network }) : undefined,
        }),
      ).then((response) => response.json());
    const ipOf = (i: number) => `2001:db8:${Math.floor(i / 65536)}::${(i % 65536).toString(16)}`;
    try {
      for (let i = 0; i <= 10_000; i += 1) await fromIp(ipOf(i), "mobile");
      expect(await fromIp(ipOf(0))).toMatchObject({ set: "default" });
      expect(await fromIp(ipOf(1))).toMatchObject({ set: "mobile", network: "mobile" });
      expect(await fromIp(ipOf(10_000))).toMatchObject({ set: "mobile", network: "mobile" });
    } finally {
      for (let i = 0; i <= 10_000; i += 1) await fromIp(ipOf(i), "default");
      if (saved === undefined) delete process.env[PEER_TOKEN_ENV];
      else process.env[PEER_TOKEN_ENV] = saved;
    }
  });
});
