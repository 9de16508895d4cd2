import { expect } from "@playwright/test";
import { test } from "./fixtures";

// `next start` gzips what it serves. Pages and scripts gain from it; the API's JSON answers
// are a few hundred bytes, where a gzip stream costs more CPU than the whole answer
// (README, "Benchmark"), so they carry `Cache-Control: no-store, no-transform` and go out as is.

const gzip = { "accept-encoding": "gzip" };

test("pages are still compressed", async ({ request }) => {
  const page = await request.get("/", { headers: gzip });
  expect(page.status()).toBe(200);
  expect(page.headers()["content-encoding"]).toBe("gzip");
});

test("the API's JSON answers are not compressed, and never cached", async ({ request }) => {
  const answers = [
    await request.get("/api/health", { headers: gzip }),
    await request.get("/api/ping/json", { headers: gzip }),
    await request.get("/api/verifications/no-such-verification", { headers: gzip }),
    await request.get("/api/sms-auth?auth_id=no-such-entry&code=123456", { headers: gzip }),
  ];
  expect(answers.map((answer) => answer.status())).toEqual([200, 200, 404, 400]);
  for (const answer of answers) {
    expect(answer.headers()["content-encoding"]).toBeUndefined();
    expect(answer.headers()["cache-control"]).toBe("no-store, no-transform");
    expect(answer.headers()["content-type"]).toMatch(/^application\/json/);
  }
});
