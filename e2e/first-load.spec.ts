import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { FIRST_LOAD_LIMIT, measureFirstLoad } from "../scripts/first-load-measure";

// The first-load JavaScript of the start page and of a verification's page stays within 1.25
// times an empty page's of the same build (the one this suite serves), and the phone library's
// metadata is not part of it (it loads once the page has painted). `npm run bench:first-load`
// prints the numbers the README quotes.

test("the start page and a verification's page weigh at most 1.25 times an empty page", async ({
  baseURL,
  request,
}) => {
  const { pages, baseline } = await measureFirstLoad(baseURL!);
  const checked = pages.filter((page) => page.path === "/" || page.path.startsWith("/verify/"));
  expect(checked).toHaveLength(2);
  for (const page of checked) {
    expect(page.bytes / baseline.bytes, page.path).toBeLessThanOrEqual(FIRST_LOAD_LIMIT);
  }
  // libphonenumber-js's metadata opens with its calling codes.
  const start = pages.find((page) => page.path === "/")!;
  for (const src of start.scripts) {
    expect(await (await request.get(src)).text(), src).not.toContain("country_calling_codes");
  }
});
