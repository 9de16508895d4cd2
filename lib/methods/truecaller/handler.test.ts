import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { network } from "@/lib/providers/http";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { startPush } from "@/lib/testing/truecaller";
import { stateText } from "./state";

// Flow A's start (handler.ts push): a request Truecaller refuses ends the verification through
// the compare-and-set of provider_state, naming the state it read, so that a state another
// request wrote while Truecaller was being asked is not overwritten.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
afterEach(() => vi.restoreAllMocks());

/** A fresh US number ending in `suffix`: 1008 is no Truecaller user, 1503 a 503. */
function number(suffix: string): string {
  counter += 1;
  return `+1206${400 + counter}${suffix}`;
}

/** While Truecaller is being asked about `phone`, another request writes `state` to its row. */
function writeMeanwhile(phone: string, state: string) {
  const exchange = network.exchange;
  vi.spyOn(network, "exchange").mockImplementation(async (url, init, timeoutMs) => {
    if (url.endsWith("/v1/apps/requests")) {
      await getDb()
        .update(verifications)
        .set({ providerState: state })
        .where(and(eq(verifications.phone, phone), eq(verifications.status, "pending")));
    }
    return exchange(url, init, timeoutMs);
  });
}

describe("a request Truecaller refuses", () => {
  test.each([
    ["1008", "not a user"],
    ["1503", "unavailable"],
  ])("(…%s, %s) leaves a state another request moved on meanwhile", async (suffix) => {
    const e164 = number(suffix);
    const fetching = stateText("push", "fetching");
    writeMeanwhile(e164, fetching);

    const started = await startPush(new TestBrowser(app.url), e164);

    expect(started).toMatchObject({ status: "pending", reason: null });
    const row = await findVerification(started.id);
    expect(row).toMatchObject({ status: "pending", providerState: fetching });
  });

  test("reads a state rewritten meanwhile again and, still waiting, ends the verification", async () => {
    const e164 = number("1008");
    // The same stage in other text: the compare-and-set misses once, then ends it.
    const rewritten = JSON.stringify({ stage: "waiting", flow: "push" });
    writeMeanwhile(e164, rewritten);

    const started = await startPush(new TestBrowser(app.url), e164);

    expect(started).toMatchObject({ status: "rejected", reason: "not_truecaller_user" });
    const row = await findVerification(started.id);
    expect(row).toMatchObject({
      status: "rejected",
      providerState: stateText("push", "done"),
    });
  });

  test("with nothing written meanwhile, ends it at once", async () => {
    const started = await startPush(new TestBrowser(app.url), number("1503"));
    expect(started).toMatchObject({ status: "failed", reason: "provider_error" });
    expect(await findVerification(started.id)).toMatchObject({
      providerState: stateText("push", "done"),
    });
  });
});
