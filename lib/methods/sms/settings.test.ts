import { describe, expect, test } from "vitest";
import { parseEnv, type Source } from "@/lib/env";
import { smsSettings } from "./settings";

/** The SMS method's settings of `source`, read with the app's own as the app reads them. */
const parse = (source: Source) => smsSettings.parse(source, parseEnv(source));

/** A production server with real Flowroute credentials. */
const real = {
  NODE_ENV: "production",
  APP_SECRET: "x".repeat(32),
  FLOWROUTE_ACCESS_KEY: "a",
  FLOWROUTE_SECRET_KEY: "b",
  FLOWROUTE_NUMBER: "12065550100",
};

describe("the SMS method's settings", () => {
  test("defaults: the seed service's code settings, the budgets, the number types", () => {
    expect(parse({})).toMatchObject({
      CODE_LENGTH: 6,
      CODE_EXPIRATION: 600,
      RETRIES_ALLOWED: 3,
      SMS_SENDS_PER_IP_PER_HOUR: 10,
      SMS_NUMBER_TYPES: ["MOBILE", "FIXED_LINE_OR_MOBILE"],
      SMS_CHALLENGE: "auto",
      MAX_FAILURES_PER_NUMBER: 20,
      warnings: [],
    });
  });

  test("a bad value names the variable and what it accepts", () => {
    expect(() => parse({ CODE_LENGTH: "12" })).toThrowError(
      /CODE_LENGTH: expected a whole number from 4 to 10/,
    );
    expect(() => parse({ AUTH_MESSAGE: "no placeholder" })).toThrowError(
      /AUTH_MESSAGE: expected a template containing \{code\}/,
    );
    expect(() => parse({ SMS_NUMBER_TYPES: "MOBILE,SATELLITE" })).toThrowError(/SMS_NUMBER_TYPES/);
    // NIST SP 800-63B allows at most 100 failed attempts.
    expect(() => parse({ MAX_FAILURES_PER_NUMBER: "101" })).toThrowError(/MAX_FAILURES_PER_NUMBER/);
  });

  test("half-set Flowroute credentials are refused", () => {
    expect(() => parse({ FLOWROUTE_ACCESS_KEY: "a" })).toThrowError(
      /FLOWROUTE_ACCESS_KEY \/ FLOWROUTE_SECRET_KEY/,
    );
    expect(() => parse({ FLOWROUTE_ACCESS_KEY: "a", FLOWROUTE_SECRET_KEY: "b" })).toThrowError(
      /FLOWROUTE_NUMBER/,
    );
  });

  test("production refuses the sandbox beside real Flowroute: its emulators approve any number", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32), SANDBOX: "1" };
    const real = {
      FLOWROUTE_ACCESS_KEY: "a",
      FLOWROUTE_SECRET_KEY: "b",
      FLOWROUTE_NUMBER: "12065550100",
      SMS_AUTH_API_KEYS: "k".repeat(20),
    };
    expect(() => parse({ ...production, ...real })).toThrowError(
      /SANDBOX: 1 serves the emulators, which approve any number, and FLOWROUTE_ACCESS_KEY/,
    );
    expect(parse({ ...production, ...real, SANDBOX: "0" }).FLOWROUTE_ACCESS_KEY).toBe("a");
  });

  test("weak code settings are accepted with a warning in development, refused in production", () => {
    const env = parse({ CODE_LENGTH: "4", CODE_EXPIRATION: "3600" });
    expect(env.warnings).toHaveLength(2);
    expect(env.warnings.join(" ")).toMatch(/CODE_LENGTH=4.*CODE_EXPIRATION=3600s/);
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32) };
    expect(() => parse({ ...production, CODE_LENGTH: "5" })).toThrowError(
      /CODE_LENGTH: at least 6 in production/,
    );
    expect(() => parse({ ...production, CODE_EXPIRATION: "601" })).toThrowError(
      /CODE_EXPIRATION: at most 600 seconds in production/,
    );
    expect(
      parse({
        ...production,
        APP_URL: "https://verify.example",
        CODE_LENGTH: "6",
        CODE_EXPIRATION: "600",
      }).warnings,
    ).toEqual([]);
  });

  test("AUTH_MESSAGE: \\n in a one-line setting is a new line; {code} is required", () => {
    expect(parse({ AUTH_MESSAGE: "{code}\\nWelcome to {org}!" }).AUTH_MESSAGE).toBe(
      "{code}\nWelcome to {org}!",
    );
    expect(parse({ AUTH_MESSAGE: "{code}\nas written" }).AUTH_MESSAGE).toBe("{code}\nas written");
    expect(() => parse({ AUTH_MESSAGE: "no code here" })).toThrowError(/AUTH_MESSAGE/);
  });

  test("production with real Flowroute needs keys for the seed SMS API", () => {
    expect(() => parse(real)).toThrowError(/SMS_AUTH_API_KEYS: required in production/);
    const keys = "first-key-0123456789, second-key-0123456789";
    expect(parse({ ...real, SMS_AUTH_API_KEYS: keys }).SMS_AUTH_API_KEYS).toEqual([
      "first-key-0123456789",
      "second-key-0123456789",
    ]);
    expect(() => parse({ ...real, SMS_AUTH_API_KEYS: "short" })).toThrowError(
      /SMS_AUTH_API_KEYS: expected keys of at least 16 characters/,
    );
  });

  test("SMS_AUTH_API_KEY, the singular name, is read as SMS_AUTH_API_KEYS is, not ignored", () => {
    // One key: enough for production with real Flowroute.
    expect(parse({ ...real, SMS_AUTH_API_KEY: "only-key-0123456789" }).SMS_AUTH_API_KEYS).toEqual([
      "only-key-0123456789",
    ]);
    // Several, comma-separated; with both names set, the keys of both count, each once.
    const both = parse({
      ...real,
      SMS_AUTH_API_KEY: "first-key-0123456789, second-key-0123456789",
      SMS_AUTH_API_KEYS: "second-key-0123456789,third-key-0123456789",
    });
    expect(both.SMS_AUTH_API_KEYS).toEqual([
      "second-key-0123456789",
      "third-key-0123456789",
      "first-key-0123456789",
    ]);
    expect(both).not.toHaveProperty("SMS_AUTH_API_KEY");
    expect(() => parse({ ...real, SMS_AUTH_API_KEY: "short" })).toThrowError(
      /SMS_AUTH_API_KEY: expected keys of at least 16 characters/,
    );
  });

  test("the pumping guard can fire before a block's budget is full, and says so when it cannot", () => {
    const env = parse({});
    expect(env.SMS_GUARD_MIN_SENDS).toBeLessThan(env.SMS_SENDS_PER_PREFIX_PER_HOUR);
    expect(env.SMS_GUARD_MIN_SENDS_COUNTRY).toBeLessThan(env.SMS_SENDS_PER_COUNTRY_PER_HOUR);
    expect(env.warnings).toEqual([]);
    const late = parse({ SMS_GUARD_MIN_SENDS: "20", SMS_SENDS_PER_PREFIX_PER_HOUR: "20" });
    expect(late.warnings).toEqual([expect.stringMatching(/SMS_GUARD_MIN_SENDS=20.*PREFIX/)]);
    const country = parse({ SMS_GUARD_MIN_SENDS_COUNTRY: "500" });
    expect(country.warnings).toEqual([expect.stringMatching(/SMS_GUARD_MIN_SENDS_COUNTRY=500/)]);
  });

  test("settings that would silently turn SMS off, or never match, are refused or warned about", () => {
    // No number type at all: every SMS refused.
    for (const types of [",", " , ,"]) {
      expect(() => parse({ SMS_NUMBER_TYPES: types }), types).toThrowError(
        /SMS_NUMBER_TYPES: expected at least one of MOBILE/,
      );
    }
    // SMS reaches +1 numbers only: a list of other countries leaves it nothing.
    expect(parse({ SMS_COUNTRIES: "GB,DE" }).warnings).toEqual([
      expect.stringMatching(/SMS_COUNTRIES=GB,DE.*no SMS/),
    ]);
    expect(parse({ SMS_COUNTRIES: "US,GB" }).warnings).toEqual([]);
    expect(parse({ SMS_COUNTRIES: "CA" }).warnings).toEqual([]);
    // By default SMS goes to the US and Canada: a deploy for another +1 country hears so.
    expect(parse({ ALLOWED_COUNTRIES: "PR" }).warnings).toEqual([
      expect.stringMatching(/ALLOWED_COUNTRIES=PR has none of SMS_COUNTRIES=US,CA.*no SMS/),
    ]);
    expect(parse({ ALLOWED_COUNTRIES: "PR", SMS_COUNTRIES: "*" }).warnings).toEqual([]);
    expect(parse({ ALLOWED_COUNTRIES: "PR,US" }).warnings).toEqual([]);
    // A key with a space inside can never be sent in one Authorization header.
    expect(() => parse({ SMS_AUTH_API_KEYS: "abcdefgh ijklmnopqrst" })).toThrowError(
      /SMS_AUTH_API_KEYS: expected keys of at least 16 characters, without spaces/,
    );
    expect(() => parse({ SMS_AUTH_API_KEY: "abcdefgh\tijklmnopqrst" })).toThrowError(
      /SMS_AUTH_API_KEY:/,
    );
    expect(parse({ SMS_AUTH_API_KEYS: " abcdefghijklmnopqrst , " }).SMS_AUTH_API_KEYS).toEqual([
      "abcdefghijklmnopqrst",
    ]);
  });
});
