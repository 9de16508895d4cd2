import { describe, expect, test } from "vitest";
import { parseEnv, type Source } from "@/lib/env";
import { phonecheckSettings } from "./settings";

/** The PhoneCheck method's settings of `source`, read with the app's own as the app reads them. */
const parse = (source: Source) => phonecheckSettings.parse(source, parseEnv(source));

describe("the PhoneCheck method's settings", () => {
  test("defaults: tru.ID's EU residency and v0.2, budgets on billed checks", () => {
    expect(parse({})).toMatchObject({
      TRUID_DATA_RESIDENCY: "eu",
      TRUID_PHONECHECK_VERSION: "v0.2",
      PHONECHECK_STARTS_PER_IP_PER_HOUR: 20,
      warnings: [],
    });
  });

  test("a bad value names the variable and what it accepts", () => {
    expect(() => parse({ TRUID_DATA_RESIDENCY: "mars" })).toThrowError(
      /TRUID_DATA_RESIDENCY: expected eu, in or us/,
    );
  });

  test("half-set tru.ID credentials are refused", () => {
    expect(() => parse({ TRUID_CLIENT_ID: "a" })).toThrowError(
      /TRUID_CLIENT_ID \/ TRUID_CLIENT_SECRET: set both or neither/,
    );
    expect(() => parse({ TRUID_CLIENT_SECRET: "b" })).toThrowError(/TRUID_CLIENT_ID/);
  });

  test("production refuses the sandbox beside real tru.ID: its emulators approve any number", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32), SANDBOX: "1" };
    const real = { TRUID_CLIENT_ID: "a", TRUID_CLIENT_SECRET: "b" };
    expect(() => parse({ ...production, ...real })).toThrowError(
      /SANDBOX: 1 serves the emulators, which approve any number, and TRUID_CLIENT_ID/,
    );
    expect(parse({ ...production, ...real, SANDBOX: "0" }).TRUID_CLIENT_ID).toBe("a");
  });

  test("production warns of tru.ID's v0.1, whose result needs no code from the device", () => {
    const production = {
      NODE_ENV: "production",
      APP_SECRET: "s".repeat(32),
      APP_URL: "https://verify.example",
    };
    expect(parse({ ...production, TRUID_PHONECHECK_VERSION: "v0.1" }).warnings.join(" ")).toMatch(
      /TRUID_PHONECHECK_VERSION=v0.1/,
    );
    expect(parse({ ...production }).warnings).toEqual([]);
  });
});
