import { describe, expect, test } from "vitest";
import { ApiFailure } from "@/lib/api-client";
import { handsOver, offersOthers } from "./start-problem";

// When the start form closes a method's card for the number and moves the choice on: only
// when trying the same method again cannot work, whatever the wait.

const failure = (code: string, details: Record<string, unknown> = {}) =>
  new ApiFailure(code === "rate_limited" ? 429 : 400, code, "words", details);

describe("the start form's way on after a refusal", () => {
  test("a number the method refuses, and a paused block, hand over to the other methods", () => {
    expect(handsOver(failure("invalid_phone", { method: "sms" }))).toBe(true);
    expect(handsOver(failure("rate_limited", { retryAfter: 3600, reason: "paused" }))).toBe(true);
  });

  test("a wait (a budget, a prompt just sent, a busy provider) keeps Continue, and offers the others too", () => {
    const wait = failure("rate_limited", { retryAfter: 60 });
    expect(handsOver(wait)).toBe(false);
    expect(offersOthers(wait)).toBe(true);
  });

  test("a number no method can take, and anything else, neither hands over nor offers others", () => {
    expect(handsOver(failure("invalid_phone"))).toBe(false);
    expect(offersOthers(failure("invalid_phone"))).toBe(false);
    expect(offersOthers(new Error("network"))).toBe(false);
  });
});
