import { test as base } from "@playwright/test";

// The `test` every spec uses: Playwright's, plus one thing it does not do by itself. It closes
// the default context after each test, but not the ones a test opens with `browser.newContext()`
// (a phone, a second browser): those lived on until the worker ended, each page still polling
// the server every second, and a hundred of them made the last specs three times slower than
// the first. Whatever a test opened is closed when it ends.
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      const opened = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(opened.map((context) => context.close()));
    },
    { auto: true },
  ],
});
