import { expect } from "@playwright/test";
import { test } from "./fixtures";

// Every answer of the production build carries the headers that keep it from being framed,
// sniffed or leaking its paths: pages, API answers, errors and static files alike.

const paths = [
  "/",
  "/sandbox",
  "/verify/no-such-id",
  "/no-such-page",
  "/api/health",
  "/favicon.ico",
];

for (const path of paths) {
  test(`${path}: frame-ancestors 'none', DENY, nosniff, a referrer policy and HSTS`, async ({
    request,
  }) => {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  });
}

test("another site cannot show the start page in a frame", async ({ page, baseURL }) => {
  const framed: string[] = [];
  page.on("console", (message) => framed.push(message.text()));
  // A page of another origin (about:blank's document, written here) framing ours.
  await page.setContent(`<iframe id="ours" src="${baseURL}/"></iframe>`);
  const frame = page.frameLocator("#ours");
  await expect(page.locator("#ours")).toBeAttached();
  // Chromium refuses the navigation: the frame never gets our form.
  await expect(frame.getByLabel("Phone number")).toHaveCount(0);
  await expect.poll(() => framed.join("\n")).toMatch(/frame-ancestors|X-Frame-Options|refused/i);
});

test("the one-time links' pages keep their own stricter policies in the production build", async ({
  request,
}) => {
  // A PhoneCheck's handoff link, opened without the starting browser's cookies: its page.
  const started = await request.post("/api/verifications", {
    data: { method: "phonecheck", phone: "+12065557218" },
  });
  const openUrl = ((await started.json()) as { verification: { phonecheck: { openUrl: string } } })
    .verification.phonecheck.openUrl;
  const page = await request.get(new URL(openUrl).pathname, {
    headers: { cookie: "" },
    maxRedirects: 0,
  });
  expect(page.status()).toBe(200);
  const headers = page.headers();
  // Its own, not the app-wide defaults that Next would otherwise put in their place.
  expect(headers["content-security-policy"]).toMatch(/^default-src 'none'.*frame-ancestors 'none'/);
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
});

test("a method a path does not take is a 405 in the JSON envelope, with Allow", async ({
  request,
}) => {
  // Next answers these itself, with an empty body and no Allow, unless the route says otherwise.
  const put = await request.put("/api/verifications", { data: {} });
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("POST, OPTIONS");
  expect((await put.json()).error).toEqual({
    code: "method_not_allowed",
    message: "PUT is not a method of this path, which takes POST.",
  });
  const post = await request.post("/api/health");
  expect(post.status()).toBe(405);
  expect(post.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect(post.headers()["x-content-type-options"]).toBe("nosniff");
});
