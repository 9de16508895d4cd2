import { afterAll, beforeAll, expect, test } from "vitest";
import type { Caller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { sha256 } from "@/lib/crypto";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { inboxSize } from "@/lib/testing/sandbox";
import { insertPendingSession } from "@/lib/testing/session-rows";
import { smsMethod } from "./handler";

// The core's twin rule (lib/core/start.test.ts) on a real method: a double click, or a retry
// with the cookie the first answer set, sends one SMS, not two.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await insertPendingSession("twins-session", ["sms"]);
});
afterAll(() => app.close());

const browser = (name: string): Caller => ({
  bindingHash: sha256(name.padEnd(32, "x")),
  sessionVerificationId: undefined,
  ip: "203.0.113.21",
});

test("a second start a moment later, in the same session, is the first one's twin: one SMS", async () => {
  const caller = browser("twins-a");
  const number = "+12065556301";
  const first = await start(smsMethod, caller, { phone: number, sessionId: "twins-session" });
  const again = await start(smsMethod, caller, { phone: number, sessionId: "twins-session" });
  expect(again.verification.id).toBe(first.verification.id);
  expect(await inboxSize(app.url, number)).toBe(1);
});

test("a browser's first start, sent again with the binding it was just given: one SMS", async () => {
  const number = "+12065556302";
  const address = "203.0.113.22";
  const first = await start(
    smsMethod,
    { bindingHash: undefined, sessionVerificationId: undefined, ip: address },
    { phone: number },
  );
  const again = await start(
    smsMethod,
    { bindingHash: sha256(first.binding!), sessionVerificationId: undefined, ip: address },
    { phone: number },
  );
  expect(again.verification.id).toBe(first.verification.id);
  expect(await inboxSize(app.url, number)).toBe(1);
});
