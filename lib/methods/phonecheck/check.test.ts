import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { advanceClock, now } from "@/lib/clock";
import { fail } from "./reasons";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import {
  applyCheckState,
  createCheckFor,
  DEFAULT_TTL_S,
  initialState,
  refreshPhoneCheck,
} from "./check";
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

describe("what the check URL met, as a poll reads it", () => {
  /** Opens the check URL as a phone does, up to the first answer or the way back to the app. */
  async function visit(checkUrl: string): Promise<{ status: number; location: string | null }> {
    let url = checkUrl;
    for (;;) {
      const response = await fetch(url, { redirect: "manual" });
      const location = response.headers.get("location");
      if (!location || !location.includes("/api/sandbox/tru-id/")) {
        return { status: response.status, location };
      }
      url = new URL(location, url).toString();
    }
  }

  async function opened(last: string) {
    const started = await createCheckFor(await committed(last));
    expect(started.status).toBe("pending");
    return { started, met: await visit(stateOf(started).checkUrl!) };
  }

  test.each([
    ["8409", 409, "ip_msisdn_mismatch"],
    ["8501", 501, "mno_not_supported"],
  ])(
    "…%s: the check URL answers %i, and the verification fails %s",
    async (last, status, reason) => {
      const { started, met } = await opened(last);
      expect(met.status).toBe(status);
      expect(await refreshPhoneCheck(started)).toMatchObject({
        status: "failed",
        statusReason: reason,
      });
    },
  );

  test("…8302: v0.2 comes back with error=mno_redirect_unsupported; the check fails mno_not_supported", async () => {
    const { started, met } = await opened("8302");
    expect(met.status).toBe(302);
    const back = new URL(met.location!);
    expect(back.pathname).toBe("/api/phone-check/redirect");
    expect(back.searchParams.get("error")).toBe("mno_redirect_unsupported");
    expect(back.searchParams.get("code")).toBeNull();
    expect(await refreshPhoneCheck(started)).toMatchObject({
      status: "failed",
      statusReason: "mno_not_supported",
    });
  });

  test("an error_code of mno_redirect_unsupported, outside tru.ID's list, reads as its 501 does", async () => {
    const started = await createCheckFor(await committed("0"));
    const check = {
      checkId: started.providerRef!,
      status: "ERROR" as const,
      errorCode: "mno_redirect_unsupported",
    };
    expect(await applyCheckState(started, check, false, now())).toMatchObject({
      status: "failed",
      statusReason: "mno_not_supported",
    });
  });

  test("a match asked about in time counts, though tru.ID answered after the expiry; one asked about after it does not", async () => {
    const inTime = await createCheckFor(await committed("0"));
    const late = await createCheckFor(await committed("0"));
    const match = (row: typeof inTime) => ({
      checkId: row.providerRef!,
      status: "COMPLETED" as const,
      match: true,
    });
    // The answer reaches us a second after the expiry (a slow PATCH), now.
    const asked = now();
    advanceClock(inTime.expiresAt - now() + 1_000);
    expect(await applyCheckState(inTime, match(inTime), true, asked)).toMatchObject({
      status: "approved",
    });
    expect(await applyCheckState(late, match(late), true, now())).toMatchObject({
      status: "pending",
    });
  });

  // Last: it moves the clock past the check's ttl.
  test("…8408: the operator never answers; pending until the ttl, then expired", async () => {
    const { started, met } = await opened("8408");
    expect(met.status).toBe(504);
    const polled = await refreshPhoneCheck(started);
    expect(polled).toMatchObject({ status: "pending" });
    expect(stateOf(polled).lastStatus).toBe("PENDING");
    advanceClock((DEFAULT_TTL_S + 1) * 1000);
    expect(await refreshPhoneCheck(polled)).toMatchObject({
      status: "expired",
      statusReason: "timed_out",
    });
  });
});
