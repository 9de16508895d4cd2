import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

// Sign out: the session cookie cleared, back to the start page; only from our own pages.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const signOut = (origin: string) =>
  fetch(`${app.url}/api/session/sign-out`, {
    method: "POST",
    headers: { Origin: origin, Cookie: "pv_session=anything" },
    redirect: "manual",
  });

test("from the start page: the session cookie is cleared, and the person is back there", async () => {
  const response = await signOut(app.url);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe(`${app.url}/?signed-out`);
  // The session, and the binding that would sign the browser in again at its next poll.
  const cleared = response.headers.getSetCookie();
  expect(cleared).toHaveLength(2);
  expect(cleared[0]).toMatch(/^pv_session=; Path=\/; .*Max-Age=0/);
  expect(cleared[1]).toMatch(/^pv_binding=; Path=\/; .*Max-Age=0/);
});

test("from another site: refused, and the cookie is left alone", async () => {
  const response = await signOut("https://evil.example");
  expect(response.status).toBe(403);
  expect(response.headers.get("set-cookie")).toBeNull();
});
