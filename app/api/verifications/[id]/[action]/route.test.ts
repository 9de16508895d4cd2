import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { startPush } from "@/lib/testing/truecaller";

// POST /api/verifications/:id/:action runs an action of the verification's own method: a step
// no method has is not found; a step of another method (an SMS code on a Truecaller
// verification) is a conflict, and changes nothing.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test("a step no method has is not found; another method's step is a conflict", async () => {
  const browser = new TestBrowser(app.url);
  const started = await startPush(browser, "+12065553901");

  const unknown = await browser.fetch(`/api/verifications/${started.id}/dance`, { json: {} });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe("not_found");

  const code = await browser.fetch(`/api/verifications/${started.id}/code`, {
    json: { code: "123456" },
  });
  expect(code.status).toBe(409);
  expect((await code.json()).error).toMatchObject({
    code: "conflict",
    message: 'A truecaller verification has no "code" step.',
  });

  const status = await browser.fetch(`/api/verifications/${started.id}`);
  expect((await status.json()).verification).toMatchObject({
    status: "pending",
    method: "truecaller",
  });
});
