import { describe, expect, test } from "vitest";
import { parseEnv, type Source } from "@/lib/env";
import { truecallerSettings } from "./settings";

/** The Truecaller method's settings of `source`, read with the app's own as the app reads them. */
const parse = (source: Source) => truecallerSettings.parse(source, parseEnv(source));

describe("the Truecaller method's settings", () => {
  test("defaults: Truecaller's own endpoints, a 10-minute request, five minutes between prompts", () => {
    expect(parse({})).toMatchObject({
      TRUECALLER_REQUEST_URL: "https://api4.truecaller.com/v1/apps/requests",
      TRUECALLER_PROFILE_URL: "https://profile4.truecaller.com/v1/default",
      TRUECALLER_REQUEST_TTL: 600,
      TRUECALLER_PROMPT_INTERVAL: 300,
      warnings: [],
    });
    expect(() => parse({ TRUECALLER_REQUEST_TTL: "601" })).toThrowError(
      /TRUECALLER_REQUEST_TTL: expected a whole number from 30 to 600/,
    );
  });

  test("production refuses the sandbox beside real Truecaller: its emulators approve any number", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32), SANDBOX: "1" };
    expect(() => parse({ ...production, TRUECALLER_APP_KEY: "a" })).toThrowError(
      /SANDBOX: 1 serves the emulators, which approve any number, and TRUECALLER_APP_KEY/,
    );
    expect(parse({ ...production, TRUECALLER_APP_KEY: "a", SANDBOX: "0" }).TRUECALLER_APP_KEY).toBe(
      "a",
    );
    // In development the mix is how one tries a real provider beside the others' emulators.
    expect(parse({ SANDBOX: "1", TRUECALLER_APP_KEY: "a" }).TRUECALLER_APP_KEY).toBe("a");
  });
});
