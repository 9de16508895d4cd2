import { describe, expect, test } from "vitest";
import { codeMatches, generateCode, hashCode, smsText } from "./code";

describe("generateCode", () => {
  test.each([4, 6, 8, 10])("always exactly %i digits", (length) => {
    for (let i = 0; i < 2000; i += 1)
      expect(generateCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  test("keeps leading zeros and covers the whole range (no seed off-by-one)", () => {
    const codes = Array.from({ length: 20_000 }, () => generateCode(4));
    expect(codes.some((code) => code.startsWith("0"))).toBe(true);
    expect(codes.some((code) => code.startsWith("9"))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(8000);
  });
});

describe("hashCode", () => {
  test("binds the code to its verification and never contains it", () => {
    const hash = hashCode("verification-a", "123456");
    expect(hash).not.toContain("123456");
    expect(codeMatches("verification-a", "123456", hash)).toBe(true);
    expect(codeMatches("verification-b", "123456", hash)).toBe(false);
    expect(codeMatches("verification-a", "123457", hash)).toBe(false);
  });
});

describe("smsText", () => {
  test("fills the template and ends with the WebOTP line", () => {
    const text = smsText({
      template: "{code}\nWelcome to {org}!",
      org: "Acme",
      code: "042133",
      appUrl: "https://verify.example.com",
    });
    expect(text).toBe("042133\nWelcome to Acme!\n\n@verify.example.com #042133");
  });
});
