import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Caller } from "@/lib/core/caller";
import { PEER_HEADER, PEER_TOKEN_ENV, PEER_TOKEN_HEADER } from "./client-ip";
import { sha256 } from "@/lib/crypto";
import { reloadEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { printedLogLines } from "@/lib/testing/logs";
import { browserRoute, guideRoute, type Reply } from "./route";

// The route wrappers: what a handler's reply becomes (JSON, a redirect, a page, and the
// cookies), and the guide APIs' variant that answers every error in the guide's own form.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const BINDING = "b".repeat(32);
const context = { params: Promise.resolve({}) };

function request(
  init: { method?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  return new Request(`${app.url}/somewhere`, { method: init.method ?? "GET", headers });
}

/** Answers `reply` through browserRoute, and what the handler was told of the caller. */
async function answered(reply: Reply, init: Parameters<typeof request>[0] = {}) {
  let seen: Caller | undefined;
  const handler = browserRoute(async ({ caller }) => {
    seen = caller;
    return reply;
  });
  const response = await handler(request(init), context);
  return { response, caller: seen, cookies: response.headers.getSetCookie() };
}

describe("browserRoute", () => {
  test("a redirect: 303 to the url, never cached, with the handler's headers", async () => {
    const { response } = await answered({
      redirect: "https://shop.example/back",
      headers: { "Referrer-Policy": "no-referrer" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://shop.example/back");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await response.text()).toBe("");
  });

  test("a page: HTML, never cached, with its own policy", async () => {
    const { response } = await answered({
      html: "<!doctype html><p>hi</p>",
      headers: { "Content-Security-Policy": "default-src 'none'" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(await response.text()).toBe("<!doctype html><p>hi</p>");
  });

  test("the binding cookie: the one minted, else the caller's own renewed when asked", async () => {
    const minted = await answered({ redirect: "/x", binding: "m".repeat(32), renewBinding: true });
    expect(minted.cookies).toEqual([
      `pv_binding=${"m".repeat(32)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
    ]);
    // The browser came back with yesterday's cookie: it gets it again, with a fresh max-age.
    const renewed = await answered(
      { redirect: "/x", renewBinding: true },
      { cookie: `pv_binding=${BINDING}` },
    );
    expect(renewed.cookies).toEqual([
      `pv_binding=${BINDING}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
    ]);
    // Not asked, nothing: a status poll sets no cookie.
    expect((await answered({ body: {} }, { cookie: `pv_binding=${BINDING}` })).cookies).toEqual([]);
    // No binding, or one we could not have minted: nothing to renew.
    expect((await answered({ redirect: "/x", renewBinding: true })).cookies).toEqual([]);
    const forged = await answered(
      { redirect: "/x", renewBinding: true },
      { cookie: "pv_binding=short" },
    );
    expect(forged.cookies).toEqual([]);
  });

  test("over https only the __Host- cookies count: a plain one was planted by another host", async () => {
    const previous = process.env.APP_URL;
    process.env.APP_URL = "https://verify.example";
    reloadEnv();
    try {
      const planted = await answered({ body: {} }, { cookie: `pv_binding=${BINDING}` });
      expect(planted.caller?.bindingHash).toBeUndefined();
      const ours = await answered({ body: {} }, { cookie: `__Host-pv_binding=${BINDING}` });
      expect(ours.caller?.bindingHash).toBe(sha256(BINDING));
      // A proxy trusted to say so makes it https too, whatever APP_URL says.
      process.env.APP_URL = app.url;
      process.env.TRUST_PROXY = "1";
      reloadEnv();
      const proxied = await answered(
        { body: {} },
        { cookie: `pv_binding=${BINDING}`, headers: { "x-forwarded-proto": "https" } },
      );
      expect(proxied.caller?.bindingHash).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env.APP_URL;
      else process.env.APP_URL = previous;
      delete process.env.TRUST_PROXY;
      reloadEnv();
    }
    // Over http a browser cannot set the __Host- form: the plain one is ours.
    const plain = await answered({ body: {} }, { cookie: `pv_binding=${BINDING}` });
    expect(plain.caller?.bindingHash).toBe(sha256(BINDING));
  });

  test("refusals an operator watches (401, 403, 429) are logged with who and why, nothing more", async () => {
    const printed = printedLogLines();
    await answered(
      { error: new ApiError("rate_limited", "Too many.") },
      { cookie: `pv_binding=${BINDING}` },
    );
    await answered({ body: {} }, { method: "POST", headers: { origin: "https://evil.example" } });
    await answered({ error: new ApiError("bad_request", "Not this.") });
    const lines = printed();
    expect(
      lines.map(({ message, code, status, method, path }) => ({
        message,
        code,
        status,
        method,
        path,
      })),
    ).toEqual([
      {
        message: "request refused",
        code: "rate_limited",
        status: 429,
        method: "GET",
        path: "/somewhere",
      },
      {
        message: "request refused",
        code: "cross_site_request",
        status: 403,
        method: "POST",
        path: "/somewhere",
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain(BINDING);
  });

  test("the language an app chose becomes the language cookie", async () => {
    const { cookies } = await answered({ html: "<p>hola</p>", locale: "es" });
    expect(cookies).toEqual(["pv_locale=es; Path=/; Max-Age=31536000; SameSite=Lax"]);
  });

  test("a cross-site POST is refused before the handler runs", async () => {
    const { response, caller } = await answered(
      { redirect: "/x" },
      { method: "POST", headers: { origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
    expect(caller).toBeUndefined();
  });
});

describe("guideRoute", () => {
  const errorBody = (error: ApiError) => ({ message: error.message, reason: error.code });

  function guide(handle: () => Promise<Reply>, keyed = false) {
    let seen: Caller | undefined;
    const handler = guideRoute(
      async ({ caller }) => {
        seen = caller;
        return handle();
      },
      { authorize: () => ({ keyed }), errorBody },
    );
    return { handler, caller: () => seen };
  }

  test("the caller is a server: its address and key, none of a browser's cookies or language", async () => {
    const { handler, caller } = guide(async () => ({ body: { ok: true } }), true);
    // Its address as our own server tells it (scripts/serve.mjs): the connection's.
    const peer = {
      [PEER_HEADER]: "198.51.100.4",
      [PEER_TOKEN_HEADER]: process.env[PEER_TOKEN_ENV]!,
    };
    const response = await handler(
      request({
        cookie: `pv_binding=${BINDING}`,
        headers: { "accept-language": "es", ...peer },
      }),
      context,
    );
    expect(await response.json()).toEqual({ ok: true });
    expect(caller()).toEqual({
      bindingHash: undefined,
      sessionVerificationId: undefined,
      ip: "198.51.100.4",
      keyed: true,
    });
  });

  test("every error in the guide's form: ours, a database away, anything else", async () => {
    const refused = guide(async () => {
      throw new ApiError("conflict", "Taken.", { headers: { "X-Why": "taken" } });
    });
    const conflict = await refused.handler(request(), context);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("x-why")).toBe("taken");
    expect(await conflict.json()).toEqual({ message: "Taken.", reason: "conflict" });

    const away = guide(async () => {
      throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    });
    const unavailable = await away.handler(request(), context);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("5");
    expect(await unavailable.json()).toMatchObject({ reason: "service_unavailable" });

    const broken = guide(async () => {
      throw new TypeError("undefined is not a function");
    });
    const internal = await broken.handler(request(), context);
    expect(internal.status).toBe(500);
    const body = await internal.json();
    expect(body).toMatchObject({ reason: "internal" });
    expect(JSON.stringify(body)).not.toContain("undefined is not a function");
  });

  test("a caller it refuses is answered before anything else is asked", async () => {
    const handler = guideRoute(async () => ({ body: {} }), {
      authorize: () => {
        throw new ApiError("unauthorized", "Send a key.");
      },
      errorBody,
    });
    const response = await handler(request(), context);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Send a key.", reason: "unauthorized" });
  });
});

test("no route reads the caller or writes our cookies itself: the wrappers do", () => {
  const appDir = path.join(process.cwd(), "app");
  const routes = (readdirSync(appDir, { recursive: true }) as string[]).filter((file) =>
    /(^|\/)route\.ts$/.test(file),
  );
  expect(routes.length).toBeGreaterThan(10);
  // The sandbox's integrating app plays another site: the cookie it sets is that app's, not ours.
  const anotherSite = path.join("api", "sandbox", "sessions", "route.ts");
  const offenders = routes.filter((file) => {
    if (file === anotherSite) return false;
    const source = readFileSync(path.join(appDir, file), "utf8");
    return /callerOf\(|callerFromCookies\(|cookiesFor\(|serializeCookie\(|Set-Cookie/i.test(source);
  });
  expect(offenders).toEqual([]);
});
