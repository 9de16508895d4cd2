import { expect, test } from "vitest";
import { SESSION_ENDED_REASON } from "@/lib/core/endings";
import { describe as describeStatus } from "@/lib/core/status";
import type { Verification } from "@/lib/db/schema";
import { messagesFor } from "@/lib/i18n/catalogue";
import { locales } from "@/lib/i18n/locales";
import { methods } from "./registry";

// An attempt of a verification session fails with `session_ended` when the session ends first
// (lib/core/endings.ts), whatever its method: each method says so in its own words, in every
// language, rather than the words for an ending nobody explained; and no retry is offered.

const at = Date.parse("2030-01-01T00:00:00Z");

test.each(Object.keys(methods))("a %s attempt of an ended session says it was closed", (name) => {
  const { handler } = methods[name as keyof typeof methods];
  const row = {
    id: "v_session_ended",
    method: name,
    phone: "+12065550199",
    status: "failed",
    statusReason: SESSION_ENDED_REASON,
    displayName: null,
    expiresAt: at + 60_000,
  } as unknown as Verification;
  for (const locale of locales) {
    const { message } = describeStatus(handler, row, locale);
    expect(message, `${name} in ${locale}`).not.toMatchObject(
      messagesFor(locale).server.reasons.unexplained,
    );
    expect(message?.retry).toBe(false);
  }
  expect(describeStatus(handler, row, "en").message).toEqual({
    title: "This verification was closed",
    text: "The app's request for it has ended, so nothing more can happen here. To verify your number, start again from the app.",
    retry: false,
  });
});
