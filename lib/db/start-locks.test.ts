import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { releaseStartLock, takeStartLock } from "./start-locks";

// The start lock's own rule (lib/core/start.ts uses it): whoever is told "taken" holds a row.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test("a lock released between a taker's insert and its read is taken again, not assumed held", async () => {
  expect(await takeStartLock("lock-vanishes", 1)).toBeUndefined();
  // The second taker's insert finds the first's row; before it reads that row, the first start
  // fails and releases it (on SQLite both run now, the taker's read after the turn's commit).
  const second = takeStartLock("lock-vanishes", 2);
  await releaseStartLock("lock-vanishes");
  expect(await second).toBeUndefined();
  // The second holds a row of its own: a third is told so, rather than taking it too.
  expect(await takeStartLock("lock-vanishes", 3)).toMatchObject({ createdAt: 2 });
});
