import { afterEach, describe, expect, test } from "vitest";
import { reloadEnv } from "@/lib/env";
import { locales } from "@/lib/i18n/locales";
import { GSM7_SEGMENT, gsm7Septets } from "@/lib/testing/gsm7";
import { codeText } from "./send";

// The code's SMS in every language of the catalogue: one GSM-7 segment (160 characters) even
// with the longest code, the longest organisation name and a long host in the WebOTP line, so
// that a code costs one SMS and no character turns the whole text into UCS-2 (70 a segment).

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  reloadEnv();
});

function settings(values: Record<string, string | undefined>) {
  process.env = { ...saved, ...values };
  reloadEnv();
}

describe("the SMS text", () => {
  test.each(locales)("%s: one GSM-7 segment with a 10-digit code", (locale) => {
    settings({
      AUTH_MESSAGE: undefined,
      ORG_NAME: "Acme Verification Services",
      APP_URL: "https://verify.acme-example.com",
    });
    const text = codeText("0123456789", locale);
    expect(text).toContain("0123456789");
    expect(text).toContain("Acme Verification Services");
    expect(text.endsWith("\n\n@verify.acme-example.com #0123456789")).toBe(true);
    const septets = gsm7Septets(text);
    expect(septets, text).toBeDefined();
    expect(septets!).toBeLessThanOrEqual(GSM7_SEGMENT);
  });

  test("each language has its own words; AUTH_MESSAGE, when set, is every language's", () => {
    settings({ AUTH_MESSAGE: undefined });
    // Not the seed's "Welcome … complete your signup": a person verifying a number for an app
    // is signing up to nothing. The code stays on the first line, where the seed's test reads it.
    expect(codeText("123456", "en")).toMatch(/^123456\nYour Phone Verify verification code\. /);
    expect(codeText("123456", "es")).toMatch(/^123456\nEs tu clave de Phone Verify\. /);
    settings({ AUTH_MESSAGE: "Your code: {code}" });
    expect(codeText("123456", "es")).toMatch(/^Your code: 123456\n\n@/);
  });

  test("the counter knows GSM-7 from what is not", () => {
    expect(gsm7Septets("código")).toBeUndefined();
    expect(gsm7Septets("¿Año? é ñ")).toBe(9);
    expect(gsm7Septets("[€]")).toBe(6);
  });
});
