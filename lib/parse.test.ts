import { describe, expect, test } from "vitest";
import { z } from "zod";
import { phoneInput } from "@/lib/core/phone-input";
import { parseWith } from "./parse";

// The words of a 400 for a body that does not fit: what an integrator reads to fix the request.

const body = z.strictObject({
  return_url: z.string().min(1).max(2048),
  code: z
    .string()
    .regex(/^\d{6}$/, "Enter the 6-digit code from the SMS.")
    .optional(),
  methods: z.array(z.string()).min(1).max(3).optional(),
  seconds: z.number().int().min(1).max(60).optional(),
  ratio: z.number().gt(0).lt(1).optional(),
});

function messageFor(value: unknown): string {
  try {
    parseWith(body, value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("parsed");
}

describe("parseWith's messages", () => {
  test.each([
    [{}, "return_url is required."],
    [{ return_url: 5 }, "return_url must be a string, not a number."],
    [{ return_url: "" }, "return_url must not be empty."],
    [{ return_url: "x".repeat(2049) }, "return_url must be at most 2048 characters."],
    [{ return_url: "x", code: 123456 }, "code must be a string, not a number."],
    [{ return_url: "x", methods: "sms" }, "methods must be an array, not a string."],
    // Counts and bounds in words, not zod's ("Too small: expected array to have >=1 items").
    [{ return_url: "x", methods: [] }, "methods must list at least 1 item."],
    [{ return_url: "x", methods: ["a", "b", "c", "d"] }, "methods must list at most 3 items."],
    [{ return_url: "x", seconds: -5 }, "seconds must be at least 1."],
    [{ return_url: "x", seconds: 61 }, "seconds must be at most 60."],
    [{ return_url: "x", ratio: 0 }, "ratio must be more than 0."],
    [{ return_url: "x", ratio: 1 }, "ratio must be less than 1."],
    [{ return_url: "x", extra: 1 }, 'Unknown field: "extra".'],
    [{ return_url: "x", a: 1, b: 2 }, 'Unknown fields: "a", "b".'],
    [[], "The body must be a JSON object, not an array."],
    // A schema's own explanation is kept, after the field's name.
    [{ return_url: "x", code: "12" }, "code: Enter the 6-digit code from the SMS."],
  ])("%j → %s", (value, expected) => {
    expect(messageFor(value)).toBe(expected);
  });

  test("a schema's own words for what it expects are kept beside what was received", () => {
    const start = z.object(phoneInput);
    const said = (value: unknown) => {
      try {
        parseWith(start, value);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("parsed");
    };
    expect(said({})).toBe("phone is required: a phone number.");
    expect(said({ phone: 12065550123 })).toBe(
      "phone must be a string, not a number (a phone number).",
    );
    expect(said({ phone: null })).toBe("phone must be a string, not null (a phone number).");
  });

  test("each issue is listed in the details, by field", () => {
    try {
      parseWith(body, { code: 1 });
    } catch (error) {
      expect((error as { details?: unknown }).details).toEqual({
        issues: [
          { field: "return_url", message: "return_url is required." },
          { field: "code", message: "code must be a string, not a number." },
        ],
      });
      return;
    }
    throw new Error("parsed");
  });
});
