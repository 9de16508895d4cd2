import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { issueSandboxToken } from "@/lib/methods/truecaller/emulator/api";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { parseCallback, trustedProfileUrl } from "./callback";
import { createRequest, fetchProfile, TruecallerError, type TruecallerConfig } from "./client";
import { buildDeepLink } from "./deep-link";
import { rejectionOf } from "@/lib/testing/rejection";

// The real Truecaller client against the app's emulator of Truecaller's web APIs, over HTTP.

let app: TestApp;
let config: TruecallerConfig;

beforeAll(async () => {
  app = await startTestApp();
  config = {
    requestUrl: `${app.url}/api/sandbox/truecaller/v1/apps/requests`,
    profileUrl: `${app.url}/api/sandbox/truecaller/v1/default`,
    appKey: "sandbox-truecaller-app-key",
    partnerName: "Phone Verify",
    timeoutMs: 2000,
  };
});
afterAll(() => app.close());
afterEach(() => resetClock());

const failure = (promise: Promise<unknown>) => rejectionOf(promise, TruecallerError);

async function prompts(number: string): Promise<{ requestId: string; flow: string }[]> {
  const response = await fetch(
    `${app.url}/api/sandbox/truecaller/phone/prompts?number=${encodeURIComponent(number)}`,
  );
  return (await response.json()).prompts;
}

describe("createRequest (flow A)", () => {
  test("success: an opaque base64-like requestId, and the prompt shows on that phone", async () => {
    const { requestId } = await createRequest(config, { phoneNumber: "12065551100" });
    expect(requestId).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(await prompts("+12065551100")).toEqual([
      expect.objectContaining({ requestId, flow: "push" }),
    ]);
  });

  test("the emulator takes the number as a JSON string too, as the guide sends it", async () => {
    const response = await fetch(config.requestUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", appkey: config.appKey },
      body: JSON.stringify({ phoneNumber: "12065551101" }),
    });
    expect(response.status).toBe(200);
    expect(Object.keys(await response.json())).toEqual(["requestId"]);
  });

  test("a number without Truecaller: 403 with code 1008", async () => {
    const error = await failure(createRequest(config, { phoneNumber: "12065551008" }));
    expect(error).toMatchObject({ kind: "not_user", status: 403, code: 1008 });
    expect(await prompts("+12065551008")).toEqual([]);
  });

  test("a wrong app key: 404 Invalid partner credentials", async () => {
    const error = await failure(
      createRequest({ ...config, appKey: "wrong" }, { phoneNumber: "12065551102" }),
    );
    expect(error).toMatchObject({ kind: "bad_credentials", status: 404, code: 404 });
  });

  test("Truecaller failing: 5xx", async () => {
    const error = await failure(createRequest(config, { phoneNumber: "12065551503" }));
    expect(error).toMatchObject({ kind: "server", status: 503 });
  });

  test("no answer within the timeout", async () => {
    const error = await failure(
      createRequest({ ...config, timeoutMs: 300 }, { phoneNumber: "12065551418" }),
    );
    expect(error.kind).toBe("timeout");
  });

  test("nothing listening: network", async () => {
    const error = await failure(
      createRequest(
        { ...config, requestUrl: "http://127.0.0.1:9/v1/apps/requests" },
        { phoneNumber: "12065551103" },
      ),
    );
    expect(error.kind).toBe("network");
  });

  test("the emulator refuses what Truecaller refuses", async () => {
    const post = (body: string, key = config.appKey) =>
      fetch(config.requestUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", appKey: key },
        body,
      });
    const invalid = await post('{"phoneNumber": "+12065551104"}');
    expect(invalid.status).toBe(403);
    expect(await invalid.json()).toEqual({
      code: 1008,
      message: "Forbidden: It is forbidden to use sdk login for this phone number.",
    });
    expect((await post("not json")).status).toBe(400);
    expect((await post("{}")).status).toBe(400);
    const badKey = await post('{"phoneNumber": 12065551105}', "nope");
    expect(await badKey.json()).toEqual({ code: 404, message: "Invalid partner credentials." });
  });
});

describe("fetchProfile", () => {
  const token = (phone: string) => issueSandboxToken("req-test", phone);

  test('the 2018 shape: strings, onlineIdentities, isActive as "True"', async () => {
    const profile = await fetchProfile(config, await token("12065551110"), config.profileUrl);
    expect(profile).toEqual({
      phoneNumbers: ["12065551110"],
      firstName: "Asha",
      lastName: "Rao",
      email: "asha.rao@example.com",
      isActive: true,
    });
  });

  test("the 2017 shape: numbers as JSON numbers, onlineIdentity, isActive as a boolean", async () => {
    const profile = await fetchProfile(config, await token("12065551201"), config.profileUrl);
    expect(profile).toMatchObject({
      phoneNumbers: ["12065551201"],
      email: "asha.rao@example.com",
      isActive: true,
    });
  });

  test("no last name, several numbers, another number", async () => {
    expect(await fetchProfile(config, await token("12065551202"), config.profileUrl)).toMatchObject(
      { firstName: "Asha", lastName: undefined },
    );
    expect(
      (await fetchProfile(config, await token("12065551203"), config.profileUrl)).phoneNumbers,
    ).toEqual(["12065551203", "919999999999"]);
    expect(
      (await fetchProfile(config, await token("12065551009"), config.profileUrl)).phoneNumbers,
    ).toEqual(["12065550000"]);
  });

  test("an empty phoneNumbers, or a body that is not JSON: malformed", async () => {
    const empty = await failure(
      fetchProfile(config, await token("12065551204"), config.profileUrl),
    );
    expect(empty).toMatchObject({ kind: "malformed", status: 200 });
    const html = await failure(fetchProfile(config, await token("12065551206"), config.profileUrl));
    expect(html.kind).toBe("malformed");
  });

  test("a garbage token, no token, or one older than 10 minutes: 401", async () => {
    expect(await failure(fetchProfile(config, "garbage", config.profileUrl))).toMatchObject({
      kind: "unauthorized",
      status: 401,
    });
    const anonymous = await fetch(config.profileUrl);
    expect(anonymous.status).toBe(401);
    freezeClock(Date.now());
    const fresh = await token("12065551111");
    advanceClock(600_000);
    expect((await fetchProfile(config, fresh, config.profileUrl)).phoneNumbers).toEqual([
      "12065551111",
    ]);
    advanceClock(1);
    expect((await failure(fetchProfile(config, fresh, config.profileUrl))).kind).toBe(
      "unauthorized",
    );
  });

  test("the profile host failing: 5xx", async () => {
    const error = await failure(
      fetchProfile(config, await token("12065551500"), config.profileUrl),
    );
    expect(error).toMatchObject({ kind: "server", status: 500 });
  });

  test("the profile host too slow: timeout", async () => {
    const error = await failure(
      fetchProfile({ ...config, timeoutMs: 300 }, await token("12065551408"), config.profileUrl),
    );
    expect(error.kind).toBe("timeout");
  });

  test("a redirect is not followed: the token never reaches the redirect's target", async () => {
    let targetHits = 0;
    const target = await listen((_req, res) => {
      targetHits += 1;
      res.end("{}");
    });
    const redirecting = await listen((_req, res) => {
      res.writeHead(302, { Location: `${target.url}/v1/default` }).end();
    });
    const error = await failure(
      fetchProfile(config, await token("12065551112"), `${redirecting.url}/v1/default`),
    );
    expect(error.kind).toBe("redirect");
    expect(targetHits).toBe(0);
    await Promise.all([target.close(), redirecting.close()]);
  });
});

describe("trustedProfileUrl (flow B's endpoint)", () => {
  test.each([
    "https://profile4-noneu.truecaller.com/v1/default",
    "https://profile4.truecaller.com/v1/default",
    "https://profile-eu.truecaller.com/v1/default",
    "https://PROFILE12-EU.truecaller.com/v1/default",
  ])("accepts %s", (endpoint) => {
    expect(trustedProfileUrl(config, endpoint)).toBe(new URL(endpoint).href);
  });

  test("accepts the configured profile URL (the emulator's, in the sandbox)", () => {
    expect(trustedProfileUrl(config, config.profileUrl)).toBe(config.profileUrl);
  });

  test.each([
    "http://profile4-noneu.truecaller.com/v1/default",
    "https://profile4-noneu.truecaller.com.evil.example/v1/default",
    "https://evil.example/v1/default?host=profile4.truecaller.com",
    "https://profile4-noneu.truecaller.com:8443/v1/default",
    "https://user:pw@profile4-noneu.truecaller.com/v1/default",
    "https://profile4-noneu.truecaller.com/v1/default?x=1",
    "https://profile4-noneu.truecaller.com/v1/other",
    "https://api4.truecaller.com/v1/default",
    "https://xprofile4.truecaller.com/v1/default",
    "https://profile4.truecaller.com./v1/default",
    "https://127.0.0.1/v1/default",
    "not a url",
    "",
  ])("refuses %s", (endpoint) => {
    expect(trustedProfileUrl(config, endpoint)).toBeUndefined();
  });

  test("refuses the emulator's URL when the client is not configured with it", () => {
    const real = { ...config, profileUrl: "https://profile4.truecaller.com/v1/default" };
    expect(trustedProfileUrl(real, config.profileUrl)).toBeUndefined();
    expect(trustedProfileUrl(config, `${config.profileUrl}?x=1`)).toBeUndefined();
  });
});

describe("parseCallback", () => {
  test("the documented payloads", () => {
    expect(parseCallback({ requestId: "r=", accessToken: "t-1" })).toEqual({
      kind: "token",
      requestId: "r=",
      accessToken: "t-1",
    });
    expect(
      parseCallback({ requestId: "n", accessToken: "t", endpoint: "https://e/v1/default" }),
    ).toMatchObject({ kind: "token", endpoint: "https://e/v1/default" });
    expect(parseCallback({ requestId: "n", status: "user_rejected" })).toEqual({
      kind: "rejected",
      requestId: "n",
      reason: "user_rejected",
    });
    expect(parseCallback({ requestId: "n", status: "use_another_number" })).toMatchObject({
      reason: "use_another_number",
    });
    expect(parseCallback({ requestId: "n", status: "access_denied" })).toEqual({
      kind: "unknown_status",
      requestId: "n",
      status: "access_denied",
    });
  });

  test.each([
    ["nothing", undefined],
    ["no requestId", { accessToken: "t" }],
    ["neither token nor status", { requestId: "r" }],
    ["a token with a line break", { requestId: "r", accessToken: "t\r\nX-Evil: 1" }],
    ["a numeric requestId", { requestId: 5, accessToken: "t" }],
  ])("refuses %s", (_name, body) => {
    expect(parseCallback(body)).toBeUndefined();
  });
});

test("buildDeepLink: Truecaller's documented link, every value encoded", () => {
  const link = buildDeepLink({ ...config, partnerName: "Phone & Co" }, "nonce-123456789");
  expect(link.startsWith("truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=")).toBe(
    true,
  );
  const url = new URL(link);
  expect(url.searchParams.get("requestNonce")).toBe("nonce-123456789");
  expect(url.searchParams.get("partnerKey")).toBe(config.appKey);
  expect(url.searchParams.get("partnerName")).toBe("Phone & Co");
  expect(link).toContain("partnerName=Phone%20%26%20Co");
});

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
