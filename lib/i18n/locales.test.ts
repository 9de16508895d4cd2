import { describe, expect, test } from "vitest";
import { pickLocale } from "./locales";

describe("pickLocale", () => {
  test.each([
    [undefined, null, "en"],
    [undefined, "es", "es"],
    [undefined, "es-MX,es;q=0.9,en;q=0.8", "es"],
    [undefined, "de-DE,de;q=0.9,es;q=0.7,en;q=0.5", "es"],
    [undefined, "en;q=0.4, es;q=0.6", "es"],
    [undefined, "es;q=0, en", "en"],
    [undefined, "fr, de", "en"],
    [undefined, "*", "en"],
    ["en", "es", "en"],
    ["es", "en-GB", "es"],
    ["xx", "es", "es"],
  ] as const)("cookie %j, Accept-Language %j: %s", (cookie, header, expected) => {
    expect(pickLocale(cookie, header)).toBe(expected);
  });
});
