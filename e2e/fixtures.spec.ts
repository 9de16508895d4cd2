import { expect, type BrowserContext } from "@playwright/test";
import { test } from "./fixtures";

// The suite's own plumbing: a second browser a test opens does not outlive the test (left
// open, its pages kept polling the server for the rest of the run).
test.describe.serial("a browser a test opens", () => {
  let opened: BrowserContext | undefined;

  test("is open while the test runs", async ({ browser }) => {
    opened = await browser.newContext();
    await opened.newPage();
    expect(browser.contexts()).toContain(opened);
  });

  test("is closed once that test has ended", async ({ browser }) => {
    expect(opened).toBeDefined();
    expect(browser.contexts()).not.toContain(opened);
  });
});
