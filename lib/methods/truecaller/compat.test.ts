import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { poll, startPush, statusCounts, validToken } from "@/lib/testing/truecaller";

// Truecaller's callback as Truecaller's servers may send it. Truecaller documents the JSON body
// but not its Content-Type (docs/providers.md#truecaller), so the body is read as JSON whatever
// the header says: none, text/plain or application/json, on both registered paths.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function number(): string {
  counter += 1;
  return `+1425${500 + counter}${3000 + counter}`;
}

/** POSTs raw bytes with exactly the Content-Type given (none when undefined). */
function post(path: string, body: string, type: string | undefined) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    // A byte body makes fetch add no Content-Type of its own.
    headers: type === undefined ? {} : { "Content-Type": type },
    body: new TextEncoder().encode(body),
  });
}

const paths = ["/api/truecaller/callback", "/auth/true-sdk"];
const types = [undefined, "text/plain", "text/plain; charset=utf-8", "application/json"];

describe.each(paths)("POST %s", (path) => {
  test.each(types)("a callback sent with Content-Type %s approves", async (type) => {
    const browser = new TestBrowser(app.url);
    const e164 = number();
    const started = await startPush(browser, e164);
    const body = JSON.stringify({
      requestId: started.truecaller.requestId,
      accessToken: await validToken(e164),
    });
    const response = await post(path, body, type);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "Success" });
    await expect.poll(async () => (await poll(browser, started.id)).status).toBe("approved");
  });

  test.each(types)("a body that is not JSON, as %s: a JSON 400, nothing changes", async (type) => {
    await startPush(new TestBrowser(app.url), number());
    const counts = statusCounts();
    const response = await post(path, "requestId=r&accessToken=t", type);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await response.json()).error.code).toBe("invalid_json");
    expect(statusCounts()).toEqual(counts);
  });

  test("the size limit still holds: 413", async () => {
    const response = await post(path, JSON.stringify({ pad: "x".repeat(20_000) }), undefined);
    expect(response.status).toBe(413);
  });
});
