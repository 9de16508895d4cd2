import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { proxy } from "./proxy";

// The matcher is Next's to apply; e2e/errors.spec.ts sends these paths to a real build.

const at = (path: string) => proxy(new NextRequest(`http://127.0.0.1${path}`));

describe("a path whose %-escapes do not decode", () => {
  test.each(["/api/verifications/%zz", "/api/verifications/abc%2", "/api/v1/sessions/%E0%A4%A"])(
    "%s: a 400 in the API's JSON envelope",
    async (path) => {
      const response = at(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: "bad_request", message: expect.stringMatching(/does not decode/) },
      });
    },
  );

  test("a page's path: the site's page-not-found, which no page's path leads to", async () => {
    const response = at("/verify/%zz");
    const rewritten = new URL(response.headers.get("x-middleware-rewrite")!);
    expect(rewritten.pathname).toBe("/link-that-does-not-decode");
  });

  test("escapes that decode go on to the app", () => {
    for (const path of ["/verify/%41bc", "/api/verifications/a%20b", "/sandbox/%C3%A9"]) {
      expect(at(path).headers.get("x-middleware-next")).toBe("1");
    }
  });
});
