import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { reloadEnv } from "@/lib/env";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// The tru.ID emulator's edges, spoken to directly: what it refuses, and how (docs/providers.md#errors-1).

let app: TestApp;
let base: string;
const basic = `Basic ${Buffer.from("sandbox-truid-client-id:sandbox-truid-client-secret").toString("base64")}`;

beforeAll(async () => {
  app = await startTestApp();
  base = `${app.url}/api/sandbox/tru-id`;
});
afterAll(() => app.close());

async function token(body: string, authorization = basic) {
  return fetch(`${base}/oauth2/v1/token`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

async function bearer(scope = "phone_check") {
  const response = await token(`grant_type=client_credentials&scope=${scope}`);
  return `Bearer ${(await response.json()).access_token}`;
}

function create(authorization: string, body: unknown, version = "v0.2") {
  return fetch(`${base}/phone_check/${version}/checks`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("token endpoint", () => {
  test("client credentials: a bearer token with the scope asked for", async () => {
    const response = await token("grant_type=client_credentials&scope=phone_check+coverage");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 3600,
      scope: "phone_check coverage",
    });
  });

  test.each([
    [
      "bad credentials",
      "grant_type=client_credentials&scope=phone_check",
      "Basic eDp5",
      401,
      "invalid_client",
    ],
    [
      "another grant",
      "grant_type=password&scope=phone_check",
      basic,
      400,
      "unsupported_grant_type",
    ],
    [
      "an unknown scope",
      "grant_type=client_credentials&scope=everything",
      basic,
      400,
      "invalid_scope",
    ],
  ])("%s: OAuth2's error", async (_name, body, authorization, status, error) => {
    const response = await token(body, authorization);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toBe(error);
  });
});

describe("PhoneCheck resources", () => {
  test("without a live token: 401 problem+json; with another scope: 403", async () => {
    const anonymous = await create("Bearer nope", { phone_number: "447700900000" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    const coverage = await create(await bearer("coverage"), { phone_number: "447700900000" });
    expect(coverage.status).toBe(403);
  });

  test("create answers tru.ID's HAL body", async () => {
    const response = await create(await bearer(), { phone_number: "447700900000" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toContain("application/hal+json");
    const body = await response.json();
    expect(body).toMatchObject({
      status: "ACCEPTED",
      charge_amount: 1,
      charge_currency: "API",
      ttl: 120,
      snapshot_balance: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      _links: {
        self: { href: `${base}/phone_check/v0.2/checks/${body.check_id}` },
        check_url: { href: `${base}/phone_check/v0.2/checks/${body.check_id}/redirect` },
      },
    });
    expect(body).not.toHaveProperty("match");
  });

  test("a body that is not the documented JSON: 400 bad_request", async () => {
    const response = await create(await bearer(), { number: "447700900000" });
    expect(response.status).toBe(400);
    expect((await response.json()).type).toMatch(/#bad_request$/);
  });

  test("redirect_url and callback_url only on this app: a demo's emulator calls nobody else", async () => {
    const authorization = await bearer();
    const count = async () =>
      (
        await (
          await fetch(`${base}/phone_check/v0.2/checks?size=1`, {
            headers: { Authorization: authorization },
          })
        ).json()
      ).page.total_elements as number;
    const before = await count();
    for (const body of [
      { redirect_url: "https://evil.example/phish" },
      // Another port of this host is another service: the attack that matters.
      { callback_url: `http://127.0.0.1:${Number(new URL(app.url).port) + 1}/internal` },
      { callback_url: "http://169.254.169.254/latest/meta-data/" },
    ]) {
      const response = await create(authorization, { phone_number: "447700900000", ...body });
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toBe(
        "The sandbox redirects and calls back only to this app",
      );
    }
    // Refused before anything was made.
    expect(await count()).toBe(before);
    const own = await create(authorization, {
      phone_number: "447700900000",
      redirect_url: `${app.url}/api/phone-check/redirect`,
      callback_url: `${app.url}/api/phone-check/callback`,
    });
    expect(own.status).toBe(201);
  });

  test("PATCH: only on v0.2, only a JSON-Patch of /code", async () => {
    const authorization = await bearer();
    const v01 = await (
      await create(authorization, { phone_number: "447700900000" }, "v0.1")
    ).json();
    const patch = (version: string, id: string, body: unknown) =>
      fetch(`${base}/phone_check/${version}/checks/${id}`, {
        method: "PATCH",
        headers: { Authorization: authorization, "Content-Type": "application/json-patch+json" },
        body: JSON.stringify(body),
      });
    expect(
      (await patch("v0.1", v01.check_id, [{ op: "add", path: "/code", value: "x" }])).status,
    ).toBe(405);
    const v02 = await (await create(authorization, { phone_number: "447700900000" })).json();
    expect(
      (await patch("v0.2", v02.check_id, [{ op: "replace", path: "/status", value: "COMPLETED" }]))
        .status,
    ).toBe(400);
    // A check of one version is not found under the other.
    expect(
      (
        await fetch(`${base}/phone_check/v0.2/checks/${v01.check_id}`, {
          headers: { Authorization: authorization },
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${base}/phone_check/v9/checks`, { headers: { Authorization: authorization } }))
        .status,
    ).toBe(404);
  });

  test("the list pages newest first", async () => {
    const authorization = await bearer();
    for (let i = 0; i < 3; i += 1)
      await create(authorization, { phone_number: "447700900010" }, "v0.1");
    const response = await fetch(`${base}/phone_check/v0.1/checks?page=1&size=2`, {
      headers: { Authorization: authorization },
    });
    const body = await response.json();
    expect(body._embedded.checks).toHaveLength(2);
    expect(body.page).toMatchObject({ size: 2, number: 1 });
    expect(body.page.total_elements).toBeGreaterThanOrEqual(3);
    expect(body._links.next.href).toContain("page=2");
  });

  test("the operator hop refuses a visit that did not come through the check URL", async () => {
    const body = await (await create(await bearer(), { phone_number: "447700900000" })).json();
    const response = await fetch(`${base}/mno/${body.check_id}?hop=guessed`, {
      redirect: "manual",
    });
    expect(response.status).toBe(404);
  });
});

describe("the end of the check URL (v0.2)", () => {
  /** Follows the check URL and the operator's hop as a device does; the last answer. */
  async function open(checkUrl: string): Promise<Response> {
    let url = checkUrl;
    for (;;) {
      const response = await fetch(url, { redirect: "manual" });
      const location = response.headers.get("location");
      if (!location) return response;
      url = new URL(location, url).toString();
    }
  }

  test("without a redirect_url: tru.ID's JSON to the device, reference_id included", async () => {
    const created = await create(await bearer(), {
      phone_number: "447700900002",
      reference_id: "order-17",
    });
    const { check_id, _links } = await created.json();
    const response = await open(_links.check_url.href);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      check_id,
      code: expect.stringMatching(/^[\w-]{8,}$/),
      reference_id: "order-17",
    });
  });

  test("with a redirect_url: the same fields in its query", async () => {
    const created = await create(await bearer(), {
      phone_number: "447700900004",
      redirect_url: `${app.url}/back`,
    });
    const { check_id, _links } = await created.json();
    let url = _links.check_url.href;
    let location = "";
    while (!location.startsWith(`${app.url}/back`)) {
      const response = await fetch(url, { redirect: "manual" });
      location = response.headers.get("location")!;
      url = new URL(location, url).toString();
    }
    const back = new URL(location);
    expect(back.searchParams.get("check_id")).toBe(check_id);
    expect(back.searchParams.get("code")).toMatch(/^[\w-]{8,}$/);
  });
});

describe("the operator cannot redirect (numbers ending in 8302)", () => {
  async function visit(checkUrl: string): Promise<Response> {
    let url = checkUrl;
    for (;;) {
      const response = await fetch(url, { redirect: "manual" });
      const location = response.headers.get("location");
      if (!location || !location.startsWith(base)) return response;
      url = location;
    }
  }

  async function checkOf(authorization: string, version: string, id: string) {
    const response = await fetch(`${base}/phone_check/${version}/checks/${id}`, {
      headers: { Authorization: authorization },
    });
    return response.json();
  }

  test("v0.2 without a redirect_url: tru.ID's error JSON, no code; the check is in ERROR", async () => {
    const authorization = await bearer();
    const { check_id, _links } = await (
      await create(authorization, { phone_number: "447700908302" })
    ).json();
    const response = await visit(_links.check_url.href);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      check_id,
      error: "mno_redirect_unsupported",
      error_description: expect.any(String),
    });
    expect(await checkOf(authorization, "v0.2", check_id)).toMatchObject({
      status: "ERROR",
      error_code: "mno_not_supported",
    });
  });

  test("v0.1, which has no error variant: 501 mno_redirect_unsupported", async () => {
    const authorization = await bearer();
    const { check_id, _links } = await (
      await create(authorization, { phone_number: "447700908302" }, "v0.1")
    ).json();
    const response = await visit(_links.check_url.href);
    expect(response.status).toBe(501);
    expect(await response.json()).toMatchObject({
      type: expect.stringMatching(/#mno_redirect_unsupported$/),
      title: "Not Implemented",
    });
    expect((await checkOf(authorization, "v0.1", check_id)).status).toBe("ERROR");
  });
});

describe("with the sandbox off", () => {
  test("the emulator is not there", async () => {
    process.env.SANDBOX = "0";
    reloadEnv();
    try {
      expect((await token("grant_type=client_credentials&scope=phone_check")).status).toBe(404);
      expect((await fetch(`${base}/.well-known/jwks.json`)).status).toBe(404);
    } finally {
      process.env.SANDBOX = "1";
      reloadEnv();
    }
  });
});
