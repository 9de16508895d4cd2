import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// A mistyped API path is a JSON 404 in the error envelope, like every other API answer; the
// routes that exist (also those under other catch-alls) still answer for themselves.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test.each([
  ["POST", "/api/v1/session"],
  ["GET", "/api/verification/abc"],
  ["DELETE", "/api/nothing/here/at/all"],
])("%s %s is a JSON 404 naming the path", async (method, path) => {
  const response = await fetch(`${app.url}${path}`, { method });
  expect(response.status).toBe(404);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({
    error: {
      code: "not_found",
      message: `There is no API at ${path}: check the path and the README.`,
    },
  });
});

test("the routes that exist are not shadowed by it", async () => {
  const health = await fetch(`${app.url}/api/health`);
  expect(health.status).toBe(200);
  // Another catch-all (an emulator's) and a dynamic route still answer for themselves.
  const flowroute = await fetch(`${app.url}/api/sandbox/flowroute/v2.1/messages`, {
    method: "POST",
  });
  expect(flowroute.status).toBe(401);
  const unknown = await fetch(`${app.url}/api/verifications/${"x".repeat(24)}`);
  expect(unknown.status).toBe(404);
  // The verification route's own 404, not the catch-all's.
  expect((await unknown.json()).error.message).not.toMatch(/There is no API/);
});
