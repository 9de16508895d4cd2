import { describe, expect, test } from "vitest";
import { countryOptions, parsePhone } from "./phone";

describe("parsePhone", () => {
  test("a national number with its country, and an international one, give the same E.164", () => {
    const national = parsePhone("(206) 555-0123", { country: "US" });
    const international = parsePhone("+1 206 555 0123");
    expect(national).toEqual(international);
    expect(national).toMatchObject({ ok: true, phone: { e164: "+12065550123", country: "US" } });
  });

  test.each([
    ["", "empty"],
    ["2065550123", "country"],
    ["+1 206 555", "invalid"],
    ["+1 206 555 0123; DROP", "characters"],
  ])("%j is refused, and says why", (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });

  test("ALLOWED_COUNTRIES: the server and the picker agree", () => {
    expect(parsePhone("+46760123456", { allowedCountries: ["SE"] }).ok).toBe(true);
    expect(parsePhone("+12065550123", { allowedCountries: ["SE"] })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(
      countryOptions(["SE", "NO"])
        .map((option) => option.code)
        .sort(),
    ).toEqual(["NO", "SE"]);
    expect(countryOptions().length).toBeGreaterThan(200);
  });
});
