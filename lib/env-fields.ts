import { z } from "zod";

// The kinds of value the settings take (lib/env.ts), each with the words an error shows.

export const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `a whole number from ${min} to ${max}` })
    .int({ error: `a whole number from ${min} to ${max}` })
    .min(min, { error: `a whole number from ${min} to ${max}` })
    .max(max, { error: `a whole number from ${min} to ${max}` });

export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const url = z
  .url({ error: "an absolute http(s) URL" })
  .refine((value) => /^https?:/.test(value), {
    error: "an absolute http(s) URL",
  });

export const countryList = z
  .string()
  .trim()
  .transform((value) =>
    value === "" || value === "*" ? [] : value.split(",").map((code) => code.trim().toUpperCase()),
  )
  .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, { error: "ISO 3166 two-letter country codes" })));

/** A comma-separated list of `item`s; empty means none. */
export function list<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .trim()
    .transform((value) =>
      value === ""
        ? []
        : value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean),
    )
    .pipe(z.array(item));
}

/** libphonenumber-js's number types (docs/security.md#sending-limits). */
export const smsNumberTypes = [
  "MOBILE",
  "FIXED_LINE_OR_MOBILE",
  "FIXED_LINE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
] as const;
