import { expect, test } from "vitest";
import type { Verification } from "@/lib/db/schema";
import { messagesFor } from "@/lib/i18n/catalogue";
import { smsMethod } from "@/lib/methods/sms/handler";
import { describe as describeStatus } from "./status";

// The status DTO's reason is one of its method's codes, and its words are that code's; a row
// whose reason the method does not give (none is written) ends unexplained, with no code.

const at = Date.parse("2030-01-01T00:00:00Z");

function row(status: string, statusReason: string | null) {
  return {
    id: "v_reason",
    method: "sms",
    phone: "+12065550199",
    status,
    statusReason,
    displayName: null,
    expiresAt: at + 60_000,
  } as unknown as Verification;
}

test("a method's own reason: its code and its words", () => {
  const dto = describeStatus(smsMethod, row("locked", "too_many_attempts"), "en");
  expect(dto.reason).toBe("too_many_attempts");
  expect(dto.message).toMatchObject({ retry: true });
  expect(dto.message).not.toMatchObject(messagesFor("en").server.reasons.unexplained);
});

test("a reason the method does not give: no code, and the words for an ending nobody explained", () => {
  const dto = describeStatus(smsMethod, row("failed", "not_an_sms_reason"), "en");
  expect(dto.reason).toBeNull();
  expect(dto.message).toEqual({ ...messagesFor("en").server.reasons.unexplained, retry: true });
});

test("a pending verification without a reason has neither code nor words", () => {
  const dto = describeStatus(smsMethod, row("pending", null), "en");
  expect(dto.reason).toBeNull();
  expect(dto.message).toBeNull();
});
