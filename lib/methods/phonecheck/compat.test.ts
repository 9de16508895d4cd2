import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { findSandboxCheck } from "@/lib/methods/phonecheck/emulator/queries";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { startCheck, tapContinue } from "@/lib/testing/phonecheck";

// Other people's PhoneCheck clients, replayed request by request
// (docs/providers.md#native-sdks-and-the-exchange-code-endpoint):
// - tru.ID's native SDKs: the app POSTs the number to its backend with no cookie jar, the SDK
//   opens check_url over mobile data with an HTTP stack of its own (only cookies set during the
//   redirects), gets tru.ID's final JSON {check_id, code}, and the app sends that to the
//   backend's exchange-code endpoint;
// - tru.ID's Flutter example: the same, with a form-encoded POST for the check (Dart's
//   http.post with a Map body) and reference_id "" when there is none.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** E.164 digits without "+", as the guides send them; `last` decides the emulator's outcome. */
function number(last: string): string {
  counter += 1;
  return `4479001${String(1000 + counter).slice(-4)}${last}`;
}

/** An API client with no cookie jar: every request stands alone. */
function post(path: string, body: string, type: string) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
}

type Encoded = readonly [body: string, type: string];
const asJson = (value: Record<string, unknown>): Encoded => [
  JSON.stringify(value),
  "application/json",
];
const asForm = (value: Record<string, string>): Encoded => [
  new URLSearchParams(value).toString(),
  "application/x-www-form-urlencoded; charset=utf-8",
];

async function createCheck(
  phone_number: string,
  encode: (value: Record<string, string>) => Encoded = asJson,
) {
  const response = await post("/api/phone-check", ...encode({ phone_number }));
  expect(response.status).toBe(200);
  // A client with no cookie jar drops the binding cookie: nothing below may need it.
  return (await response.json()) as { check_id: string; check_url: string };
}

/**
 * What tru-sdk-android's ClientSocket does with check_url: follows the redirects itself,
 * sending only cookies set along the way, and hands the final JSON body to the app.
 */
async function openLikeSdk(checkUrl: string) {
  const jar = new Map<string, string>();
  let url = checkUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      redirect: "manual",
      headers: cookie ? { cookie } : {},
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const index = pair!.indexOf("=");
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    const location = response.headers.get("location");
    if (!location) {
      return { http_status: response.status, response_body: await response.json() };
    }
    url = new URL(location, url).toString();
  }
  throw new Error("too many redirects");
}

async function patchesOf(checkId: string): Promise<number> {
  return (await findSandboxCheck(checkId))!.patches;
}

describe("tru.ID's native SDK flow", () => {
  test("check → check_url without cookies → exchange-code: {check_id, match, status}", async () => {
    const { check_id, check_url } = await createCheck(number("2"));
    const opened = await openLikeSdk(check_url);
    expect(opened).toEqual({
      http_status: 200,
      response_body: { check_id, code: expect.any(String) },
    });
    const { code } = opened.response_body;
    const response = await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
    expect(await patchesOf(check_id)).toBe(1);
    const row = await findVerificationByProviderRef("phonecheck", check_id);
    expect(row).toMatchObject({ status: "approved" });
  });

  test("another SIM holds the data session (odd last digit): match false", async () => {
    const { check_id, check_url } = await createCheck(number("3"));
    const { code } = (await openLikeSdk(check_url)).response_body;
    const response = await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    expect(await response.json()).toEqual({ check_id, match: false, status: "COMPLETED" });
  });

  test("a replay (the app retrying) answers the final state without a second PATCH", async () => {
    const { check_id, check_url } = await createCheck(number("4"));
    const { code } = (await openLikeSdk(check_url)).response_body;
    const body = asJson({ check_id, code, reference_id: "" });
    // Retries sent while the first is still being redeemed wait for it and answer its result.
    const answers = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await post("/api/phone-check/exchange-code", ...body);
        return { status: response.status, body: await response.json() };
      }),
    );
    const settled = { status: 200, body: { check_id, match: true, status: "COMPLETED" } };
    expect(answers).toEqual([settled, settled, settled]);
    const again = await post("/api/phone-check/exchange-code", ...body);
    expect(await again.json()).toEqual(settled.body);
    expect(await patchesOf(check_id)).toBe(1);
  });

  test("with a cookie jar, the guide's GET reads the same result, check_id included", async () => {
    const app_ = new TestBrowser(app.url);
    const created = await app_.fetch("/api/phone-check", { json: { phone_number: number("6") } });
    const { check_id, check_url } = await created.json();
    const { code } = (await openLikeSdk(check_url)).response_body;
    await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    const result = await app_.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await result.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });
});

describe("a device's check and a browser's, from one address at once", () => {
  test("are two checks: the device never gets the browser's, whose redirect it cannot finish", async () => {
    const digits = number("6");
    const browserStart = await startCheck(new TestBrowser(app.url), `+${digits}`);
    const device = await createCheck(digits);
    const deviceRow = await findVerificationByProviderRef("phonecheck", device.check_id);
    expect(deviceRow?.id).not.toBe(browserStart.id);
    // The device's own check ends with its code, not at the browser's landing.
    const opened = await openLikeSdk(device.check_url);
    expect(opened.response_body).toMatchObject({
      check_id: device.check_id,
      code: expect.any(String),
    });
  });
});

describe("the guide's flow without the exchange (v0.2, the default)", () => {
  test("check_url opened, then the guide's GET: pending and no match until the code is brought", async () => {
    const app_ = new TestBrowser(app.url);
    const created = await app_.fetch("/api/phone-check", { json: { phone_number: number("6") } });
    const { check_id, check_url } = await created.json();
    const { code } = (await openLikeSdk(check_url)).response_body;
    const pending = await app_.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await pending.json()).toEqual({ check_id, match: false, status: "PENDING" });
    // What tru.ID's v0.2 asks: the code, brought back (README: Differences from the guide).
    await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    const done = await app_.fetch(`/api/phone-check?check_id=${check_id}`);
    expect(await done.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });
});

describe("tru.ID's Flutter example", () => {
  test("a form-encoded check, then a JSON exchange with reference_id ''", async () => {
    const { check_id, check_url } = await createCheck(number("8"), asForm);
    const { code } = (await openLikeSdk(check_url)).response_body;
    const response = await post(
      "/api/phone-check/exchange-code",
      JSON.stringify({ code, check_id, reference_id: "" }),
      "application/json; charset=UTF-8",
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });

  test("exchange-code takes a form body too", async () => {
    const { check_id, check_url } = await createCheck(number("0"), asForm);
    const { code } = (await openLikeSdk(check_url)).response_body;
    const response = await post("/api/phone-check/exchange-code", ...asForm({ check_id, code }));
    expect(await response.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });
});

describe("what exchange-code refuses", () => {
  test.each([
    [
      "no code",
      { check_id: "0b0d0a1e-0000-4000-8000-000000000000" },
      "code is required: the code the device got at the end of the check.",
    ],
    ["no check_id", { code: "abc" }, "check_id is required: the check_id of the check."],
  ])("%s: 400 naming the field", async (_name, body, message) => {
    const response = await post("/api/phone-check/exchange-code", ...asJson(body));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  test("an unknown check_id: 404", async () => {
    const response = await post(
      "/api/phone-check/exchange-code",
      ...asJson({ check_id: "0b0d0a1e-0000-4000-8000-000000000000", code: "abc" }),
    );
    expect(response.status).toBe(404);
  });

  test("a code before the check URL was opened: tru.ID has none, and the check stays open", async () => {
    const { check_id, check_url } = await createCheck(number("2"));
    const early = await post(
      "/api/phone-check/exchange-code",
      ...asJson({ check_id, code: "guess" }),
    );
    expect(early.status).toBe(404);
    const { code } = (await openLikeSdk(check_url)).response_body;
    const response = await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    expect(await response.json()).toEqual({ check_id, match: true, status: "COMPLETED" });
  });

  test("guessed codes do not keep a check open past its time", async () => {
    const { check_id } = await createCheck(number("2"));
    const before = (await findVerificationByProviderRef("phonecheck", check_id))!;
    // A moment before its time runs out, when holding it open would push its expiry back.
    advanceClock(before.expiresAt - now() - 1_000);
    try {
      for (const guess of ["a", "b", "c"]) {
        const response = await post(
          "/api/phone-check/exchange-code",
          ...asJson({ check_id, code: guess }),
        );
        expect(response.status).toBe(404);
      }
    } finally {
      resetClock();
    }
    // Each redemption holds the check open while tru.ID is asked; one tru.ID did not settle
    // gives that time back.
    const after = (await findVerificationByProviderRef("phonecheck", check_id))!;
    expect(after).toMatchObject({ status: "pending", expiresAt: before.expiresAt });
  });

  test("once redeemed, another code for the check gets a 409 that says so, not the result", async () => {
    const { check_id, check_url } = await createCheck(number("4"));
    const { code } = (await openLikeSdk(check_url)).response_body;
    await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    const other = await post(
      "/api/phone-check/exchange-code",
      ...asJson({ check_id, code: "other" }),
    );
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({
      error: {
        code: "conflict",
        message:
          "This check was already redeemed with another code; its result goes only to that code.",
      },
    });
  });

  test("a wrong code first completes the check without a match, as tru.ID does; the right code then hears why", async () => {
    const { check_id, check_url } = await createCheck(number("4"));
    const { code } = (await openLikeSdk(check_url)).response_body;
    const wrong = await post(
      "/api/phone-check/exchange-code",
      ...asJson({ check_id, code: "not-the-code" }),
    );
    expect(await wrong.json()).toEqual({ check_id, match: false, status: "COMPLETED" });
    const right = await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    expect(right.status).toBe(409);
    expect((await right.json()).error.code).toBe("conflict");
  });

  test("a browser's check is redeemed by its own landing only: 404, nothing reaches tru.ID", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, `+${number("2")}`);
    const { hops } = await tapContinue(
      new TestBrowser(app.url),
      started.phonecheck.openUrl!,
      /\/api\/phone-check\/redirect\?/,
    );
    const landing = new URL(hops.at(-1)!.location!);
    const check_id = landing.searchParams.get("check_id")!;
    const code = landing.searchParams.get("code")!;
    const response = await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    expect(response.status).toBe(404);
    expect(await patchesOf(check_id)).toBe(0);
  });
});

describe("deliberate differences", () => {
  test("exchange-code is POST only: the GET form (a redirect_url at the server) is 405", async () => {
    const response = await fetch(
      `${app.url}/api/phone-check/exchange-code?check_id=0b0d0a1e-0000-4000-8000-000000000000&code=x`,
    );
    expect(response.status).toBe(405);
  });

  test("the guide's GET answers only the client holding the check's cookie: without, 404", async () => {
    const { check_id, check_url } = await createCheck(number("2"));
    const { code } = (await openLikeSdk(check_url)).response_body;
    await post("/api/phone-check/exchange-code", ...asJson({ check_id, code }));
    const response = await fetch(`${app.url}/api/phone-check?check_id=${check_id}`);
    expect(response.status).toBe(404);
  });
});
