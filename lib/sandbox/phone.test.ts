import { describe, expect, test } from "vitest";
import { sandboxPhone } from "./phone";

// The simulated phone's number, as a query string brings it to the sandbox's routes.

describe("sandboxPhone", () => {
  test.each([
    ["+12065550123", "+12065550123"],
    // ?number=+12065550123 unencoded: the "+" arrives as a space.
    [" 12065550123", "+12065550123"],
    ["+1 206 555 0123", "+12065550123"],
  ])("%j names %s", (query, e164) => {
    expect(sandboxPhone(query)).toBe(e164);
  });

  test.each([[null], [""], ["12065550123"], ["  12065550123"], [" abc"], ["+1"]])(
    "%j is not a phone's number: 400 invalid_phone",
    (query) => {
      expect(() => sandboxPhone(query)).toThrow(
        expect.objectContaining({ code: "invalid_phone", status: 400 }),
      );
    },
  );
});
