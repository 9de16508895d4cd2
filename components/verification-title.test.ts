import { describe, expect, test } from "vitest";
import type { VerificationDto } from "@/lib/core/dto";
import { clientMessages } from "@/lib/i18n/catalogue";
import { pendingDtoBase } from "@/lib/testing/dto";
import { shownAsEnded, verificationTitle } from "./verification-title";

// The status view's title and heading follow the DTO alone: a method says through its reasons
// (`halted`) when a pending verification has nothing left to wait for, and no shared component
// names a method to know it.

const t = clientMessages("en");

const noMatchYet = { title: "We could not start the check", text: "Try again.", retry: true };

const pending: VerificationDto = {
  ...pendingDtoBase,
  method: "phonecheck",
  phonecheck: {
    version: "v0.2",
    ttlSeconds: 600,
    openUrl: null,
    phoneOpened: false,
    retryAt: null,
    sandbox: true,
  },
};

describe("shownAsEnded and verificationTitle", () => {
  test("pending: the method's invitation", () => {
    expect(shownAsEnded(pending)).toBe(false);
    expect(verificationTitle(t, pending)).toBe(
      "Mobile data check: verify your number – Phone Verify",
    );
  });

  test("pending with a reason that does not halt it: still the invitation", () => {
    const waiting = { ...pending, reason: "rate_limited", message: noMatchYet } as VerificationDto;
    expect(shownAsEnded(waiting)).toBe(false);
    expect(verificationTitle(t, waiting)).toMatch(/^Mobile data check/);
  });

  test("pending and halted, whatever the method: shown as its ending", () => {
    const halted = { ...pending, message: noMatchYet, halted: true } as VerificationDto;
    expect(shownAsEnded(halted)).toBe(true);
    expect(verificationTitle(t, halted)).toBe("We could not start the check – Phone Verify");
  });

  test("ended: its reason; verified: verified", () => {
    const expired = { ...pending, status: "expired", message: noMatchYet } as VerificationDto;
    expect(shownAsEnded(expired)).toBe(true);
    const approved = { ...pending, status: "approved" } as VerificationDto;
    expect(shownAsEnded(approved)).toBe(false);
    expect(verificationTitle(t, approved)).toBe("Number verified – Phone Verify");
  });
});
