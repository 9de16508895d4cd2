import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import { words } from "@/lib/i18n/catalogue";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { insertPendingSession } from "@/lib/testing/session-rows";
import type { Caller } from "./caller";
import type { MethodHandler } from "./method";
import { start } from "./start";

// The start sequence's one-at-a-time rule: which starts are twins (answered with the
// verification a start made a moment before) and which are starts of their own. The methods
// here are stubs that call no provider but count the calls they would make: a twin calls none.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
  // The sessions these starts are attempts of, still pending (a start in an ended one is refused).
  for (const id of ["session-a", "session-b", "session-c"]) {
    await insertPendingSession(id, ["stub"]);
  }
});
afterAll(() => app.close());
afterEach(() => resetClock());

function browser(): Caller {
  counter += 1;
  return {
    bindingHash: sha256(`browser-${counter}`.padEnd(32, "x")),
    sessionVerificationId: undefined,
    ip: "203.0.113.7",
  };
}

function phone(): string {
  counter += 1;
  return `+1206555${String(6100 + counter)}`;
}

/** How many times each number's provider call was made, by the stubs below. */
const providerCalls = new Map<string, number>();

/**
 * A method that calls no provider: what the core does, and nothing of a method's own. It counts
 * the provider call it would make (`providerCalls`); with `providerMs`, its start waits that long
 * as if for a provider (whose timeout is 10 s).
 */
function stub(
  lockKey?: (options: unknown) => string,
  providerMs?: number,
): MethodHandler<Record<string, unknown>> {
  return {
    name: "stub",
    providerName: "stub",
    asks: "nothing",
    settings: { variables: [], read: () => ({ warnings: [] }) },
    provider: () => ({ sandbox: true, timeoutMs: 10_000 }),
    unavailable: words("server.errors.unavailable"),
    prepare: ({ at }) => ({
      fields: { expiresAt: at + 60_000 },
      begin: async (row) => {
        providerCalls.set(row.phone, (providerCalls.get(row.phone) ?? 0) + 1);
        if (providerMs !== undefined)
          await new Promise((resolve) => setTimeout(resolve, providerMs));
        return { verification: row };
      },
    }),
    details: () => ({}),
    reasons: {},
    lockKey,
  };
}

/** A method with no lock key of its own, as most are. */
const method = stub();

describe("twins", () => {
  test("a second start a moment later, in the same session, is the first one's twin", async () => {
    const caller = browser();
    const number = phone();
    const first = await start(method, caller, { phone: number, sessionId: "session-a" });
    const again = await start(method, caller, { phone: number, sessionId: "session-a" });
    expect(again.verification.id).toBe(first.verification.id);
    expect(providerCalls.get(number)).toBe(1);
  });

  test("a start for another session, or outside any, is a start of its own", async () => {
    const caller = browser();
    const number = phone();
    const inA = await start(method, caller, { phone: number, sessionId: "session-a" });
    const inB = await start(method, caller, { phone: number, sessionId: "session-b" });
    const outside = await start(method, caller, { phone: number });
    expect(inB.verification.id).not.toBe(inA.verification.id);
    expect(inB.verification.sessionId).toBe("session-b");
    expect(outside.verification.id).not.toBe(inA.verification.id);
    expect(outside.verification.id).not.toBe(inB.verification.id);
    expect(outside.verification.sessionId).toBeNull();
    // And the other way round: a session's start right after one outside any.
    const number2 = phone();
    const plain = await start(method, caller, { phone: number2 });
    const inSession = await start(method, caller, { phone: number2, sessionId: "session-c" });
    expect(inSession.verification.id).not.toBe(plain.verification.id);
    expect(inSession.verification.sessionId).toBe("session-c");
  });

  test("the method's lock key, and only it, tells its flows apart", async () => {
    const caller = browser();
    const number = phone();
    const lanes = stub((options) => (options as { lane: string }).lane);
    const a = await start(lanes, caller, { phone: number, options: { lane: "a" } });
    expect(
      (await start(lanes, caller, { phone: number, options: { lane: "a" } })).verification.id,
    ).toBe(a.verification.id);
    const b = await start(lanes, caller, { phone: number, options: { lane: "b" } });
    expect(b.verification.id).not.toBe(a.verification.id);

    // A method without one: its options are its own business, not the core's.
    const plain = stub();
    const number2 = phone();
    const x = await start(plain, caller, { phone: number2, options: { flow: "x" } });
    const y = await start(plain, caller, { phone: number2, options: { flow: "y" } });
    expect(y.verification.id).toBe(x.verification.id);
  });

  test("a caller without a binding is not handed another's verification: another browser may share its address", async () => {
    const number = phone();
    const fresh = (): Caller => ({
      bindingHash: undefined,
      sessionVerificationId: undefined,
      ip: "203.0.113.9",
    });
    const first = await start(method, fresh(), { phone: number });
    expect(first.binding).toEqual(expect.any(String));
    await expect(start(method, fresh(), { phone: number })).rejects.toMatchObject({
      code: "conflict",
      message: "This number is being started already. Try again in a moment.",
    });
    expect(providerCalls.get(number)).toBe(1);
  });

  test("a browser's first start, sent again with the binding it was just given, is the same start", async () => {
    const number = phone();
    const address = "203.0.113.10";
    const first = await start(
      method,
      { bindingHash: undefined, sessionVerificationId: undefined, ip: address },
      { phone: number },
    );
    // The client retried with the cookie the first answer set: the same browser, one provider call.
    const withItsCookie: Caller = {
      bindingHash: sha256(first.binding!),
      sessionVerificationId: undefined,
      ip: address,
    };
    const again = await start(method, withItsCookie, { phone: number });
    expect(again.verification.id).toBe(first.verification.id);
    expect(providerCalls.get(number)).toBe(1);
    // Another browser behind that address, with a binding of its own, starts its own.
    const other = await start(method, { ...browser(), ip: address }, { phone: number });
    expect(other.verification.id).not.toBe(first.verification.id);
  });

  test("while a start waits seconds for a slow provider, later clicks wait and are refused: none starts again", async () => {
    const caller = browser();
    const number = phone();
    // 8 s: each later click's 5 s wait ends well before the first is done, even on a machine
    // so loaded that the clicks themselves come a second or two late.
    const slow = stub(undefined, 8000);
    const first = start(slow, caller, { phone: number });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = start(slow, caller, { phone: number }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = start(slow, caller, { phone: number }).catch((error: unknown) => error);
    // Each waits its 5 s for the first, which is still under way then: busy, not a second start
    // (before, the third took the lock of a start it thought dead after 5 s, and sent again).
    for (const later of await Promise.all([second, third])) {
      expect(later).toMatchObject({ code: "conflict" });
    }
    expect((await first).verification.phone).toBe(number);
  }, 20_000);

  test("on a loaded machine a later click still waits its 5 s at most, then is refused", async () => {
    const caller = browser();
    const number = phone();
    const slow = stub(undefined, 12_000);
    const first = start(slow, caller, { phone: number });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A busy machine: every 10 ms the event loop is held for 30 ms, so each of the wait's
    // 50 ms pauses takes about twice as long. Counted in pauses, the wait lasted past 12 s,
    // saw the first start done, and answered its verification instead of "busy".
    const load = setInterval(() => {
      const until = Date.now() + 30;
      while (Date.now() < until);
    }, 10);
    try {
      const clickedAt = Date.now();
      const later = await start(slow, caller, { phone: number }).catch((error: unknown) => error);
      expect(later).toMatchObject({ code: "conflict" });
      expect(Date.now() - clickedAt).toBeLessThan(8000);
    } finally {
      clearInterval(load);
    }
    expect((await first).verification.phone).toBe(number);
  }, 30_000);

  test("seconds later, a start is a new one", async () => {
    const caller = browser();
    const number = phone();
    const first = await start(method, caller, { phone: number, sessionId: "session-a" });
    advanceClock(3000);
    const later = await start(method, caller, { phone: number, sessionId: "session-a" });
    expect(later.verification.id).not.toBe(first.verification.id);
  });
});
