import { afterEach, expect, test, vi } from "vitest";

// Next loads a module once per bundle (instrumentation, each route): two copies of the clock
// must still tell one time, or the sandbox clock moves the routes but not the sweep.

afterEach(async () => {
  (await import("./clock")).resetClock();
});

test("two copies of the clock module read the same moved and frozen time", async () => {
  const routes = await import("./clock");
  vi.resetModules();
  const instrumentation = await import("./clock");
  expect(instrumentation).not.toBe(routes);

  routes.advanceClock(20 * 60_000);
  expect(instrumentation.clockOffset()).toBe(20 * 60_000);
  expect(Math.abs(instrumentation.now() - routes.now())).toBeLessThan(50);

  instrumentation.freezeClock(1_000_000);
  expect(routes.now()).toBe(1_000_000);
  routes.resetClock();
  expect(instrumentation.clockOffset()).toBe(0);
});
