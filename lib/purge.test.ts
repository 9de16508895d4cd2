import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { reloadEnv } from "@/lib/env";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { schedulePurge } from "./purge";

// The in-process purge timer: started once per process, except on Vercel, whose functions are
// frozen between requests (its cron calls GET /api/cron/purge instead).

let app: TestApp;
const holder = globalThis as unknown as { phoneVerifyPurge?: NodeJS.Timeout };

beforeAll(async () => {
  app = await startTestApp({ PURGE_INTERVAL: "3600" });
});
afterAll(() => app.close());
afterEach(() => {
  clearInterval(holder.phoneVerifyPurge);
  delete holder.phoneVerifyPurge;
  delete process.env.VERCEL;
  reloadEnv();
  vi.restoreAllMocks();
});

test("on a server of its own: one hourly timer, however often it is asked", () => {
  const setInterval = vi.spyOn(globalThis, "setInterval");
  schedulePurge();
  schedulePurge();
  expect(setInterval).toHaveBeenCalledTimes(1);
  expect(setInterval.mock.calls[0]![1]).toBe(3600_000);
});

test("on Vercel (VERCEL set): no timer at all", () => {
  process.env.VERCEL = "1";
  reloadEnv();
  const setInterval = vi.spyOn(globalThis, "setInterval");
  schedulePurge();
  expect(setInterval).not.toHaveBeenCalled();
  expect(holder.phoneVerifyPurge).toBeUndefined();
});
