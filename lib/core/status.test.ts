import { expect, test } from "vitest";
import type { Verification } from "@/lib/db/schema";
import { messagesFor } from "@/lib/i18n/catalogue";
import { methods } from "@/lib/methods/registry";
import type { ReasonRule } from "./method";
import { describe as describeStatus } from "./status";

// The status DTO's reason is one of its method's codes, and its words are that code's; a row
// whose reason the method does not give (none is written) ends unexplained, with no code. Every
// method of the registry, each of its reasons.

const at = Date.parse("2030-01-01T00:00:00Z");

const handlers = Object.values(methods).map(({ handler }) => handler);

function row(method: string, status: string, statusReason: string | null) {
  return {
    id: "v_reason",
    method,
    phone: "+12065550199",
    status,
    statusReason,
    displayName: null,
    expiresAt: at + 60_000,
  } as unknown as Verification;
}

test("a method's own reason: its code and its words", () => {
  const unexplained = messagesFor("en").server.reasons.unexplained;
  for (const handler of handlers) {
    for (const [reason, rule] of Object.entries<ReasonRule>(handler.reasons)) {
      const dto = describeStatus(handler, row(handler.name, "failed", reason), "en");
      expect(dto.reason, `${handler.name} ${reason}`).toBe(reason);
      expect(dto.message).toMatchObject({ retry: rule.retry, title: expect.any(String) });
      expect(dto.message).not.toMatchObject(unexplained);
    }
  }
});

test("a reason the method does not give: no code, and the words for an ending nobody explained", () => {
  for (const handler of handlers) {
    const dto = describeStatus(
      handler,
      row(handler.name, "failed", "not_a_reason_of_any_method"),
      "en",
    );
    expect(dto.reason).toBeNull();
    expect(dto.message).toEqual({ ...messagesFor("en").server.reasons.unexplained, retry: true });
  }
});

test("a pending verification without a reason has neither code nor words", () => {
  for (const handler of handlers) {
    const dto = describeStatus(handler, row(handler.name, "pending", null), "en");
    expect(dto.reason).toBeNull();
    expect(dto.message).toBeNull();
  }
});
