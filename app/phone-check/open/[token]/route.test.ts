import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { startCheck } from "@/lib/testing/phonecheck";

// The QR code's link binds the check to the phone that opens it: the phone's binding cookie
// must then outlast the check, whenever the phone got it.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function bindingCookies(response: Response): string[] {
  return response.headers.getSetCookie().filter((cookie) => cookie.startsWith("pv_binding="));
}

test("a phone with a binding from an earlier visit gets it renewed when it takes the check", async () => {
  const laptop = new TestBrowser(app.url);
  const started = await startCheck(laptop, "+12065557210");
  const phone = new TestBrowser(app.url);
  // An earlier visit on the phone gave it its binding.
  expect(
    (await phone.fetch("/api/verifications", { json: { method: "sms", phone: "+12065557202" } }))
      .status,
  ).toBe(201);
  const secret = phone.cookie("pv_binding")!;

  const opened = await phone.fetch(new URL(started.phonecheck.openUrl!).pathname);
  expect(opened.status).toBe(303);
  expect(opened.headers.get("location")).toMatch(/\/api\/sandbox\/tru-id\//);
  expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
  expect(bindingCookies(opened)).toEqual([
    `pv_binding=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
  ]);
});

test("a phone without one gets a new binding with the check", async () => {
  const started = await startCheck(new TestBrowser(app.url), "+12065557203");
  const phone = new TestBrowser(app.url);
  const opened = await phone.fetch(new URL(started.phonecheck.openUrl!).pathname);
  expect(opened.status).toBe(303);
  expect(bindingCookies(opened)).toEqual([
    expect.stringMatching(
      /^pv_binding=[\w-]{32,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=86400$/,
    ),
  ]);
});
