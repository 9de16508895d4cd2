import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { emulatorConfig, startCheck } from "@/lib/testing/phonecheck";
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
