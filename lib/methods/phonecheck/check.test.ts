import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { now } from "@/lib/clock";
import { fail } from "@/lib/core/state-machine";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { createCheckFor, DEFAULT_TTL_S, initialState } from "./check";
import { stateOf } from "./state";

// Creating the check at tru.ID (its emulator) once the row is committed: what tru.ID answers is
// written through the state machine's one compare-and-set of provider_state, so a state written
// by another request meanwhile is kept, never overwritten.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A committed PhoneCheck verification for a number ending in `last` (the emulator's rules). */
async function committed(last: string) {
  counter += 1;
  const at = now();
  const digits = `206555${String(1000 + counter * 7).slice(-4)}`;
  return insertVerification({
    id: `create-check-${counter}`,
    method: "phonecheck",
    phone: `+1${digits.slice(0, 10 - last.length)}${last}`,
    bindingHash: "b".repeat(64),
    providerState: JSON.stringify(initialState(false)),
    expiresAt: at + DEFAULT_TTL_S * 1000,
    createdAt: at,
    updatedAt: at,
  });
}

/** Another request writes the provider state after `id`'s row was read. */
async function meanwhile(id: string, polledAt: number) {
  const state = { ...initialState(false), polledAt };
  await getDb()
    .update(verifications)
    .set({ providerState: JSON.stringify(state) })
    .where(eq(verifications.id, id));
}

describe("createCheckFor", () => {
  test("tru.ID's check is recorded over a state written meanwhile, which is kept", async () => {
    const row = await committed("0");
    await meanwhile(row.id, 1234);
    const created = await createCheckFor(row);
    expect(created).toMatchObject({ status: "pending", providerRef: expect.any(String) });
    expect(stateOf(created)).toMatchObject({ polledAt: 1234, checkUrl: expect.any(String) });
    expect(await findVerification(row.id)).toEqual(created);
  });

  test("a refusal ends it failed with tru.ID's Retry-After, keeping a state written meanwhile", async () => {
    const row = await committed("7429");
    await meanwhile(row.id, 1234);
    const ended = await createCheckFor(row);
    expect(ended).toMatchObject({ status: "failed", statusReason: "rate_limited" });
    expect(stateOf(ended)).toMatchObject({ polledAt: 1234, retryAfter: 30 });
  });

  test("a 201 whose status is not ACCEPTED is a check not created: it ends failed at once", async () => {
    const row = await committed("7201");
    const ended = await createCheckFor(row);
    expect(ended).toMatchObject({ status: "failed", statusReason: "provider_error" });
    expect(stateOf(ended).checkUrl).toBeUndefined();
    expect(await findVerification(row.id)).toEqual(ended);
  });

  test("a verification that ended meanwhile is answered as it ended", async () => {
    for (const last of ["0", "7429"]) {
      const row = await committed(last);
      const winner = await fail(row, "check_error", now());
      expect(await createCheckFor(row)).toEqual(winner);
    }
  });
});
