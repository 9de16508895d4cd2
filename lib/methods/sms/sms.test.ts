import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { getDb } from "@/lib/db/client";
import { findVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { allAtOnce, latestCode } from "@/lib/testing/sandbox";
import { serverCaller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { checkCode } from "./check";
import { smsMethod } from "./handler";

// The SMS core, called directly so that concurrent calls interleave as much as they can:
// every claim of an attempt runs before any comparison does. (Over HTTP, one process with
// SQLite finishes each request before the next begins, which would hide a missing guard.)

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ RETRIES_ALLOWED: "3", CODE_EXPIRATION: "600" });
});
afterAll(() => app.close());
afterEach(() => resetClock());

async function started() {
  counter += 1;
  const phone = `+1206555${String(2100 + counter)}`;
  const { verification, problem } = await start(smsMethod, serverCaller, { phone });
  expect(problem).toBeUndefined();
  return { id: verification.id, row: verification, code: await latestCode(app.url, phone), phone };
}

const wrong = (code: string) => (code === "000000" ? "111111" : "000000");

describe("recording a send", () => {
  test("a database failure after the SMS went out keeps its cooldown: it is not recorded as unsent", async () => {
    counter += 1;
    const phone = `+1206555${String(2100 + counter)}`;
    // The database refuses exactly the write that records the provider's message id.
    const sqlite = getDb().$client as import("better-sqlite3").Database;
    sqlite.exec(`CREATE TRIGGER refuse_message_id BEFORE UPDATE OF provider_ref ON verifications
      WHEN NEW.provider_ref IS NOT NULL BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    try {
      await expect(start(smsMethod, serverCaller, { phone })).rejects.toThrow(/disk I\/O error/);
    } finally {
      sqlite.exec("DROP TRIGGER refuse_message_id");
    }
    // The SMS went out: its code works, and a resend waits for its cooldown as after any send.
    const code = await latestCode(app.url, phone);
    const row = sqlite.prepare("SELECT id FROM verifications WHERE phone = ?").get(phone) as {
      id: string;
    };
    const recorded = await findVerification(row.id);
    expect(recorded).toMatchObject({ status: "pending", statusReason: null });
    expect(recorded?.lastSentAt).not.toBeNull();
    expect(await checkCode(recorded!, code)).toMatchObject({ kind: "approved" });
  });
});

describe("attempt accounting", () => {
  test("50 wrong guesses at once: 3 evaluated, counted exactly, then locked", async () => {
    const { id, row: first, code } = await started();
    const results = await allAtOnce(50, () => checkCode(first, wrong(code)));
    const evaluated = results.filter(
      (r) => r.kind === "wrong" || (r.kind === "locked" && r.byThisGuess),
    );
    expect(evaluated).toHaveLength(3);
    expect(
      results
        .filter((r) => r.kind === "wrong")
        .map((r) => (r.kind === "wrong" ? r.attemptsLeft : -1))
        .sort(),
    ).toEqual([1, 2]);
    const row = await findVerification(id);
    expect(row).toMatchObject({ attempts: 3, status: "locked", statusReason: "too_many_attempts" });
    // Locked means locked: even the right code is refused now.
    expect(await checkCode(first, code)).toEqual({
      kind: "locked",
      id: first.id,
      byThisGuess: false,
    });
  });

  test("8 right codes at once: exactly one approval", async () => {
    const { id, row, code, phone } = await started();
    const results = await allAtOnce(8, () => checkCode(row, code));
    expect(results.filter((r) => r.kind === "approved")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "gone")).toHaveLength(7);
    expect(await findVerification(id)).toMatchObject({ status: "approved" });
    expect(await findVerifiedPhone(phone)).toMatchObject({ verificationId: id, method: "sms" });
  });

  test("a wrong guess leaves attempts, the right one then approves", async () => {
    const { row, code } = await started();
    expect(await checkCode(row, wrong(code))).toEqual({
      kind: "wrong",
      attemptsLeft: 2,
      replaced: false,
    });
    expect((await checkCode(row, code)).kind).toBe("approved");
  });

  test("the status counts the wrong codes only: not the right one that approved", async () => {
    const first = await started();
    await checkCode(first.row, first.code);
    const rightAtOnce = smsMethod.details((await findVerification(first.id))!);
    expect(rightAtOnce.sms).toMatchObject({ wrongCodes: 0 });
    const second = await started();
    await checkCode(second.row, wrong(second.code));
    expect(smsMethod.details((await findVerification(second.id))!).sms).toMatchObject({
      wrongCodes: 1,
    });
    await checkCode(second.row, second.code);
    expect(smsMethod.details((await findVerification(second.id))!).sms).toMatchObject({
      wrongCodes: 1,
    });
  });
});

describe("expiry", () => {
  test("valid up to and including the expiry instant, expired one millisecond later", async () => {
    freezeClock(Date.parse("2026-03-01T12:00:00Z"));
    const first = await started();
    advanceClock(600_000);
    expect((await checkCode(first.row, first.code)).kind).toBe("approved");

    const second = await started();
    advanceClock(600_001);
    expect(await checkCode(second.row, second.code)).toEqual({
      kind: "expired",
      id: second.row.id,
    });
    expect(await findVerification(second.id)).toMatchObject({ status: "expired", attempts: 0 });
  });
});

describe("over the browser API", () => {
  test("8 right codes at once from the owner's browser: one 200, the others 409", async () => {
    const { TestBrowser } = await import("@/lib/testing/browser");
    const browser = new TestBrowser(app.url);
    counter += 1;
    const phone = `+1206555${String(2100 + counter)}`;
    const started = await browser.fetch("/api/verifications", { json: { method: "sms", phone } });
    const { verification } = await started.json();
    const code = await latestCode(app.url, phone);
    const responses = await allAtOnce(8, () =>
      browser.fetch(`/api/verifications/${verification.id}/code`, { json: { code } }),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  });
});
