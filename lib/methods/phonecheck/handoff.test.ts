import { expect, test } from "vitest";
import { maskedPhone } from "./handoff";

// The handoff link's page names the number so that its owner recognises it, and a stranger
// holding the link learns no more than its country and last four digits.

test.each([
  ["+447900123460", "+44 •••• ••3460", "+44", "3460"],
  ["+12065550124", "+1 ••• ••• 0124", "+1", "0124"],
  ["+34612345678", "+34 ••• •• 56 78", "+34", "5678"],
])("%s is shown as %s", (e164, masked, code, last) => {
  expect(maskedPhone(e164)).toEqual({ masked, code, last });
});
