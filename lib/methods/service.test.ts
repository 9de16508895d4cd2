import { afterAll, beforeAll, expect, test } from "vitest";
import { now } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import { insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { insertPendingSession } from "@/lib/testing/session-rows";
import { startPush } from "@/lib/testing/truecaller";
import { methodsReaching, verificationAndSession } from "./service";

// The service's own refusals reach the person's page as they are written (components/
// failure-text.ts shows the server's message): in the language the browser asked for.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const spanish = { "accept-language": "es" };

test("an unknown step, and another method's step, are refused in Spanish to a Spanish browser", async () => {
  const browser = new TestBrowser(app.url);
  const started = await startPush(browser, "+12065553921");

  const unknown = await browser.fetch(`/api/verifications/${started.id}/dance`, {
    json: {},
    headers: spanish,
  });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error).toEqual({
    code: "not_found",
    message: "Ese paso no existe.",
  });

  const code = await browser.fetch(`/api/verifications/${started.id}/code`, {
    json: { code: "123456" },
    headers: spanish,
  });
  expect(code.status).toBe(409);
  expect((await code.json()).error).toEqual({
    code: "conflict",
    message: 'Una verificación de truecaller no tiene el paso "code".',
  });
});

test("a verification of a method this server no longer has is refused in Spanish too", async () => {
  const browser = new TestBrowser(app.url);
  await startPush(browser, "+12065553922");
  const at = now();
  const row = await insertVerification({
    id: `gone-method-${at}`,
    method: "fax",
    phone: "+12065553923",
    bindingHash: sha256(browser.cookie("pv_binding")!),
    expiresAt: at + 60_000,
    createdAt: at,
    updatedAt: at,
  });
  const response = await browser.fetch(`/api/verifications/${row.id}`, { headers: spanish });
  expect(response.status).toBe(503);
  expect((await response.json()).error).toEqual({
    code: "method_unavailable",
    message: 'Aquí no hay ningún método "fax".',
  });
});

test("a verification's page offers only the methods that can reach its number", () => {
  const all = ["truecaller", "phonecheck", "sms"] as const;
  // A US mobile-capable number: every method, in the order asked for.
  expect(methodsReaching("+12065550123", all)).toEqual(["truecaller", "phonecheck", "sms"]);
  expect(methodsReaching("+12065550123", ["sms", "truecaller"])).toEqual(["sms", "truecaller"]);
  // No SMS outside +1, nor to a toll-free number: a switch to it would only be refused.
  expect(methodsReaching("+447700900123", all)).toEqual(["truecaller", "phonecheck"]);
  expect(methodsReaching("+18005550123", all)).toEqual(["truecaller", "phonecheck"]);
});

test("a verification's page reads the verification and its session's id at once, for its own browser only", async () => {
  const at = now();
  const session = await insertPendingSession(`page-session-${at}`, ["sms", "truecaller"]);
  const bindingHash = sha256("page-browser".padEnd(32, "x"));
  const attempt = await insertVerification({
    id: `page-attempt-${at}`,
    method: "truecaller",
    phone: "+12065553931",
    bindingHash,
    sessionId: session.id,
    expiresAt: at + 60_000,
    createdAt: at,
    updatedAt: at,
  });
  const alone = await insertVerification({
    id: `page-alone-${at}`,
    method: "truecaller",
    phone: "+12065553932",
    bindingHash,
    expiresAt: at + 60_000,
    createdAt: at,
    updatedAt: at,
  });
  const caller = { bindingHash, sessionVerificationId: undefined };

  const inSession = await verificationAndSession(caller, attempt.id);
  expect(inSession.sessionId).toBe(session.id);
  expect(inSession.verification).toMatchObject({ id: attempt.id, status: "pending" });
  expect((await verificationAndSession(caller, alone.id)).sessionId).toBeNull();
  // Another browser's: not found, as for an id that does not exist.
  const stranger = {
    bindingHash: sha256("other-browser".padEnd(32, "x")),
    sessionVerificationId: undefined,
  };
  await expect(verificationAndSession(stranger, attempt.id)).rejects.toMatchObject({
    code: "not_found",
  });
});
