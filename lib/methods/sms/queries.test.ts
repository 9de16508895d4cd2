import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { now } from "@/lib/clock";
import { lock } from "@/lib/core/state-machine";
import { getDb } from "@/lib/db/client";
import { verifications, type NewVerification } from "@/lib/db/schema";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { markSendFailed, providerRetryAt, replacedCodes } from "./queries";

// A failed send is recorded through the state machine's one compare-and-set of provider_state:
// what another request wrote after the row was read is kept, never overwritten.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A pending SMS verification whose code is being sent now. */
async function sending(providerState: string | null) {
  counter += 1;
  const at = now();
  return insertVerification({
    id: `send-failed-${counter}`,
    method: "sms",
    phone: `+1206555${String(3100 + counter)}`,
    bindingHash: "b".repeat(64),
    maxAttempts: 3,
    sends: 1,
    lastSentAt: at,
    expiresAt: at + 600_000,
    createdAt: at,
    updatedAt: at,
    providerState,
  });
}

/** Another request's write, between the read of the row and the failed send's. */
async function meanwhile(id: string, fields: Partial<NewVerification>) {
  await getDb().update(verifications).set(fields).where(eq(verifications.id, id));
}

describe("markSendFailed", () => {
  const refused = (retryAfterSeconds?: number) => ({ unconfirmed: false, retryAfterSeconds });

  test("records the failure: a resend is allowed once the provider's Retry-After has passed", async () => {
    const row = await sending(JSON.stringify({ replaced: ["old"] }));
    await markSendFailed(row, row.lastSentAt!, refused(30));
    const after = (await findVerification(row.id))!;
    expect(after).toMatchObject({
      status: "pending",
      statusReason: "send_failed",
      lastSentAt: null,
    });
    expect(providerRetryAt(after)).toBe(row.lastSentAt! + 30_000);
    expect(replacedCodes(after)).toEqual(["old"]);
  });

  test("a provider state written meanwhile is kept, and the failure is still recorded", async () => {
    const row = await sending(JSON.stringify({ replaced: ["old"] }));
    await meanwhile(row.id, { providerState: JSON.stringify({ replaced: ["newer", "old"] }) });
    await markSendFailed(row, row.lastSentAt!, refused(30));
    const after = (await findVerification(row.id))!;
    expect(replacedCodes(after)).toEqual(["newer", "old"]);
    expect(providerRetryAt(after)).toBe(row.lastSentAt! + 30_000);
    expect(after).toMatchObject({ statusReason: "send_failed", lastSentAt: null });
  });

  test("a newer send's row is left alone", async () => {
    const row = await sending(null);
    const newer = { lastSentAt: row.lastSentAt! + 1, providerState: '{"replaced":["x"]}' };
    await meanwhile(row.id, newer);
    await markSendFailed(row, row.lastSentAt!, refused(30));
    expect(await findVerification(row.id)).toMatchObject({ ...newer, statusReason: null });
  });

  test("unconfirmed (the SMS may still arrive): the send keeps its time, so the cooldown runs from it", async () => {
    const row = await sending(null);
    await markSendFailed(row, row.lastSentAt!, { unconfirmed: true });
    expect(await findVerification(row.id)).toMatchObject({
      status: "pending",
      statusReason: "send_unconfirmed",
      lastSentAt: row.lastSentAt,
    });
  });

  test("a verification that ended during the send keeps why it ended", async () => {
    const row = await sending(null);
    await lock(row, now());
    await markSendFailed(row, row.lastSentAt!, refused());
    expect(await findVerification(row.id)).toMatchObject({
      status: "locked",
      statusReason: "too_many_attempts",
      providerState: null,
    });
  });
});
