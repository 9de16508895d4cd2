import { defineConfig, devices } from "@playwright/test";
import { generousBudgets } from "./lib/testing/budgets";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// End-to-end: a production build (`next build` + `next start`) with the sandbox on and a
// throwaway database. Debian's chromium is used where it is installed (CI, this machine);
// elsewhere Playwright's own browser.

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Headless, Debian's chromium-headless-shell where it is installed: Chromium's lighter headless
// build, which Playwright's own browsers also use for headless runs. On two cores without a GPU
// it runs the suite in about 40 % less time than the full browser in its new headless mode, which
// stays for a run that shows the window (--headed, --debug, --ui) and where the shell is missing.
// Chosen once, by the runner, whose arguments hold those flags; its workers load this file again
// and inherit the choice. E2E_CHROMIUM names another browser; empty, Playwright's own.
const showsWindow = process.argv.some((arg) => ["--headed", "--debug", "--ui"].includes(arg));
process.env.E2E_CHROMIUM ??=
  [...(showsWindow ? [] : ["/usr/bin/chromium-headless-shell"]), "/usr/bin/chromium"].find((file) =>
    existsSync(file),
  ) ?? "";
const systemChromium = process.env.E2E_CHROMIUM;
const distDir = process.env.NEXT_DIST_DIR ?? ".next-e2e";
// The suite's database, in a folder made once by the runner (its workers load this file again)
// and removed when the run ends (e2e/teardown.ts).
process.env.E2E_DATABASE_DIR ??= mkdtempSync(path.join(tmpdir(), "phone-verify-e2e-"));
const database = path.join(process.env.E2E_DATABASE_DIR, "app.db");

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/teardown.ts",
  fullyParallel: false,
  // One at a time: the specs move the server's clock. A second server with a worker of its own
  // was tried: on two cores each spec then took twice as long (Chromium's software rendering
  // keeps both busy) and the suite finished about 8 % sooner, not worth a second server's setup.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    // A trace records a screencast of every page, which costs a fifth of the suite's time on a
    // machine without a GPU: CI records one only when it retries a test that failed.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    launchOptions: systemChromium
      ? {
          executablePath: systemChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        }
      : {},
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx next build && node scripts/serve.mjs",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      NEXT_DIST_DIR: distDir,
      // Types are checked by `npm run typecheck` (next.config.mjs).
      E2E_BUILD: "1",
      NODE_ENV: "production",
      SANDBOX: "1",
      PORT: String(port),
      APP_URL: baseURL,
      APP_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      DATABASE_PATH: database,
      HOST: "127.0.0.1",
      SMS_RESEND_COOLDOWN: "2",
      // The specs move the server's clock to expire codes and requests without waiting.
      SANDBOX_CLOCK: "1",
      SUCCESS_URL: "https://example.com/welcome",
      // Every spec runs from 127.0.0.1 and most numbers share one prefix: budgets that would
      // stop a fraudster would stop the suite. e2e/protection.spec.ts runs its own server
      // with the defaults.
      ...generousBudgets,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
