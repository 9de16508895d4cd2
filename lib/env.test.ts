import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { InvalidEnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  test("defaults: a development checkout runs with no settings, sandbox on", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      CODE_LENGTH: 6,
      CODE_EXPIRATION: 600,
      RETRIES_ALLOWED: 3,
      DATABASE_PATH: "data/app.db",
      sandboxEnabled: true,
      appUrl: "http://localhost:3000",
      ALLOWED_COUNTRIES: [],
    });
    expect(env.warnings).toEqual([]);
  });

  test("a bad value names the variable and what it accepts", () => {
    expect(() => parseEnv({ CODE_LENGTH: "12", TRUID_DATA_RESIDENCY: "mars" })).toThrowError(
      /CODE_LENGTH: expected a whole number from 4 to 10[\s\S]*TRUID_DATA_RESIDENCY: expected eu, in or us/,
    );
    expect(() => parseEnv({ ALLOWED_COUNTRIES: "US,Sweden" })).toThrowError(/ALLOWED_COUNTRIES/);
    expect(() => parseEnv({ AUTH_MESSAGE: "no placeholder" })).toThrowError(
      /AUTH_MESSAGE: expected a template containing \{code\}/,
    );
  });

  test("production needs APP_SECRET and keeps the sandbox off unless asked", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(InvalidEnvError);
    const secret = "x".repeat(32);
    expect(parseEnv({ NODE_ENV: "production", APP_SECRET: secret }).sandboxEnabled).toBe(false);
    expect(
      parseEnv({ NODE_ENV: "production", APP_SECRET: secret, SANDBOX: "1" }).sandboxEnabled,
    ).toBe(true);
  });

  test("half-set provider credentials are refused", () => {
    expect(() => parseEnv({ FLOWROUTE_ACCESS_KEY: "a" })).toThrowError(
      /FLOWROUTE_ACCESS_KEY \/ FLOWROUTE_SECRET_KEY/,
    );
    expect(() => parseEnv({ FLOWROUTE_ACCESS_KEY: "a", FLOWROUTE_SECRET_KEY: "b" })).toThrowError(
      /FLOWROUTE_NUMBER/,
    );
  });

  test("weak code settings are accepted with a warning in development, refused in production", () => {
    const env = parseEnv({ CODE_LENGTH: "4", CODE_EXPIRATION: "3600" });
    expect(env.warnings).toHaveLength(2);
    expect(env.warnings.join(" ")).toMatch(/CODE_LENGTH=4.*CODE_EXPIRATION=3600s/);
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32) };
    expect(() => parseEnv({ ...production, CODE_LENGTH: "5" })).toThrowError(
      /CODE_LENGTH: at least 6 in production/,
    );
    expect(() => parseEnv({ ...production, CODE_EXPIRATION: "601" })).toThrowError(
      /CODE_EXPIRATION: at most 600 seconds in production/,
    );
    expect(
      parseEnv({
        ...production,
        APP_URL: "https://verify.example",
        CODE_LENGTH: "6",
        CODE_EXPIRATION: "600",
      }).warnings,
    ).toEqual([]);
  });

  test("production without APP_URL warns: the origin check then believes the request's host", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32) };
    expect(parseEnv(production).warnings).toEqual([
      "APP_URL is not set: browser requests are checked against the host they name, which a name pointed at this server (DNS rebinding) chooses; set APP_URL to the public origin",
    ]);
    expect(parseEnv({ ...production, APP_URL: "https://verify.example" }).warnings).toEqual([]);
    // Development serves localhost and 127.0.0.1 alike: nothing to say.
    expect(parseEnv({}).warnings).toEqual([]);
  });

  test("production refuses the sandbox beside a real provider: its emulators approve any number", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "s".repeat(32), SANDBOX: "1" };
    for (const real of [
      {
        FLOWROUTE_ACCESS_KEY: "a",
        FLOWROUTE_SECRET_KEY: "b",
        FLOWROUTE_NUMBER: "12065550100",
        SMS_AUTH_API_KEYS: "k".repeat(20),
      },
      { TRUID_CLIENT_ID: "a", TRUID_CLIENT_SECRET: "b" },
      { TRUECALLER_APP_KEY: "a" },
    ]) {
      expect(() => parseEnv({ ...production, ...real })).toThrowError(
        /SANDBOX: 1 serves the emulators, which approve any number/,
      );
      expect(parseEnv({ ...production, ...real, SANDBOX: "0" }).sandboxEnabled).toBe(false);
    }
    // In development the mix is how one tries a real provider beside the others' emulators.
    expect(parseEnv({ SANDBOX: "1", TRUECALLER_APP_KEY: "a" }).sandboxEnabled).toBe(true);
  });

  test("production refuses an app's API key beside the sandbox: its tokens would prove nothing", () => {
    const production = {
      NODE_ENV: "production",
      APP_SECRET: "s".repeat(32),
      APP_URL: "https://verify.example.com",
      API_KEYS: "shop:shop-secret-0123456789abcdef",
      API_KEY_ORIGINS: "https://shop.example.com",
    };
    expect(() => parseEnv({ ...production, SANDBOX: "1" })).toThrowError(
      /API_KEYS: SANDBOX: 1 lets anyone verify any number/,
    );
    expect(parseEnv({ ...production, SANDBOX: "0" }).apiKeys).toHaveLength(1);
    // In development an app is tried against the emulators: that is what they are for.
    expect(parseEnv({ ...production, NODE_ENV: "development", SANDBOX: "1" }).apiKeys).toHaveLength(
      1,
    );
  });

  test("AUTH_MESSAGE: \\n in a one-line setting is a new line; {code} is required", () => {
    expect(parseEnv({ AUTH_MESSAGE: "{code}\\nWelcome to {org}!" }).AUTH_MESSAGE).toBe(
      "{code}\nWelcome to {org}!",
    );
    expect(parseEnv({ AUTH_MESSAGE: "{code}\nas written" }).AUTH_MESSAGE).toBe(
      "{code}\nas written",
    );
    expect(() => parseEnv({ AUTH_MESSAGE: "no code here" })).toThrowError(/AUTH_MESSAGE/);
  });

  test("production warns of tru.ID's v0.1, whose result needs no code from the device", () => {
    const production = {
      NODE_ENV: "production",
      APP_SECRET: "s".repeat(32),
      APP_URL: "https://verify.example",
    };
    expect(
      parseEnv({ ...production, TRUID_PHONECHECK_VERSION: "v0.1" }).warnings.join(" "),
    ).toMatch(/TRUID_PHONECHECK_VERSION=v0.1/);
    expect(parseEnv({ ...production }).warnings).toEqual([]);
  });

  test("CRON_SECRET: short ones are refused; on Vercel, its absence is warned about", () => {
    expect(() => parseEnv({ CRON_SECRET: "short" })).toThrowError(
      /CRON_SECRET: expected at least 16/,
    );
    expect(parseEnv({ VERCEL: "1" }).warnings.join(" ")).toMatch(/CRON_SECRET is not set/);
    expect(parseEnv({ VERCEL: "1", CRON_SECRET: "s".repeat(16) }).warnings).toEqual([]);
  });

  test("lists are normalised and empty variables mean unset", () => {
    expect(parseEnv({ ALLOWED_COUNTRIES: "us, se" }).ALLOWED_COUNTRIES).toEqual(["US", "SE"]);
    expect(parseEnv({ APP_URL: "", PORT: "4000" }).appUrl).toBe("http://localhost:4000");
    // The tokens' iss: spelt as a client compares it, whatever the setting's case or port.
    expect(parseEnv({ APP_URL: "https://Verify.Example:443/" }).appUrl).toBe(
      "https://verify.example",
    );
    expect(parseEnv({ APP_URL: "http://127.0.0.1:3000//" }).appUrl).toBe("http://127.0.0.1:3000");
  });

  test("production with real Flowroute needs keys for the seed SMS API", () => {
    const real = {
      NODE_ENV: "production",
      APP_SECRET: "x".repeat(32),
      FLOWROUTE_ACCESS_KEY: "a",
      FLOWROUTE_SECRET_KEY: "b",
      FLOWROUTE_NUMBER: "12065550100",
    };
    expect(() => parseEnv(real)).toThrowError(/SMS_AUTH_API_KEYS: required in production/);
    const keys = "first-key-0123456789, second-key-0123456789";
    expect(parseEnv({ ...real, SMS_AUTH_API_KEYS: keys }).SMS_AUTH_API_KEYS).toEqual([
      "first-key-0123456789",
      "second-key-0123456789",
    ]);
    expect(() => parseEnv({ ...real, SMS_AUTH_API_KEYS: "short" })).toThrowError(
      /SMS_AUTH_API_KEYS: expected keys of at least 16 characters/,
    );
  });

  test("SMS_AUTH_API_KEY, the singular name, is read as SMS_AUTH_API_KEYS is, not ignored", () => {
    const real = {
      NODE_ENV: "production",
      APP_SECRET: "x".repeat(32),
      FLOWROUTE_ACCESS_KEY: "a",
      FLOWROUTE_SECRET_KEY: "b",
      FLOWROUTE_NUMBER: "12065550100",
    };
    // One key: enough for production with real Flowroute.
    expect(
      parseEnv({ ...real, SMS_AUTH_API_KEY: "only-key-0123456789" }).SMS_AUTH_API_KEYS,
    ).toEqual(["only-key-0123456789"]);
    // Several, comma-separated; with both names set, the keys of both count, each once.
    const both = parseEnv({
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
    expect(() => parseEnv({ ...real, SMS_AUTH_API_KEY: "short" })).toThrowError(
      /SMS_AUTH_API_KEY: expected keys of at least 16 characters/,
    );
  });

  test("API keys: id:secret pairs, each with its origins, and a webhook only over https", () => {
    const secret = "whsec_" + Buffer.from("a-webhook-secret-of-32-bytes-long!").toString("base64");
    const base = {
      API_KEYS: "shop:shop-secret-0123456789abcdefghij",
      API_KEY_ORIGINS: "https://shop.example",
      WEBHOOK_SECRET: secret,
    };
    expect(parseEnv(base).apiKeys).toEqual([
      { id: "shop", secret: "shop-secret-0123456789abcdefghij", origins: ["https://shop.example"] },
    ]);
    expect(() => parseEnv({ ...base, API_KEY_ORIGINS: "" })).toThrowError(
      /API_KEY_ORIGINS_shop \/ API_KEY_ORIGINS/,
    );
    expect(() => parseEnv({ ...base, API_KEYS: "shop:short" })).toThrowError(/API_KEYS: expected/);
    expect(() => parseEnv({ ...base, WEBHOOK_URL: "http://hooks.shop.example/in" })).toThrowError(
      /WEBHOOK_URL \(key "shop"\): expected https/,
    );
    expect(
      parseEnv({ ...base, WEBHOOK_URL: "http://localhost:4000/in" }).apiKeys[0]?.webhook,
    ).toEqual({ url: "http://localhost:4000/in", secret });
    expect(() =>
      parseEnv({ ...base, WEBHOOK_URL: "https://hooks.shop.example/in", WEBHOOK_SECRET: "" }),
    ).toThrowError(/WEBHOOK_SECRET: required with a webhook URL/);
  });

  test("API keys: two apps may not share a secret; a key id with - takes settings named with _", () => {
    const shared = "one-secret-0123456789abcdefghijkl";
    expect(() =>
      parseEnv({
        API_KEYS: `shop:${shared},blog:${shared}`,
        API_KEY_ORIGINS: "https://shop.example",
      }),
    ).toThrowError(/key "blog" has another key's secret/);
    const dashed = parseEnv({
      API_KEYS: "my-shop:shop-secret-0123456789abcdefghij",
      API_KEY_ORIGINS_my_shop: "https://my-shop.example",
    });
    expect(dashed.apiKeys[0]?.origins).toEqual(["https://my-shop.example"]);
    // my-shop and my_shop would both read API_KEY_ORIGINS_my_shop, WEBHOOK_URL_my_shop…: one
    // app's people and webhooks would go to the other's.
    expect(() =>
      parseEnv({
        API_KEYS:
          "my-shop:shop-secret-0123456789abcdefghij,my_shop:blog-secret-0123456789abcdefghij",
        API_KEY_ORIGINS: "https://shop.example",
        API_KEY_ORIGINS_my_shop: "https://blog.example",
      }),
    ).toThrowError(/key ids "my-shop" and "my_shop" would read the same settings/);
  });

  test("API keys: a WEBHOOK_URL_<id> that names no key is warned of (a misspelt id?)", () => {
    const env = parseEnv({
      API_KEYS: "my-shop:shop-secret-0123456789abcdefghij",
      API_KEY_ORIGINS: "https://shop.example",
      WEBHOOK_URL_my_shop: "https://hooks.shop.example/in",
      WEBHOOK_SECRET_my_shop: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      WEBHOOK_URL_my_shpo: "https://hooks.shop.example/in",
    });
    expect(env.strayWebhookUrls).toEqual(["WEBHOOK_URL_my_shpo"]);
    expect(env.warnings).toContain(
      "WEBHOOK_URL_my_shpo names no key of API_KEYS: is the id misspelt?",
    );
  });

  test("API keys: a secret with a comma (the list's separator) is refused, in words that say so", () => {
    expect(() =>
      parseEnv({
        API_KEYS: "shop:shop-secret,0123456789abcdefghij",
        API_KEY_ORIGINS: "https://shop.example",
      }),
    ).toThrowError(/no comma/);
  });

  test("the protection settings: defaults, number types checked by name, TRUST_PROXY as a count", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      TRUST_PROXY: 0,
      SMS_SENDS_PER_IP_PER_HOUR: 10,
      SMS_NUMBER_TYPES: ["MOBILE", "FIXED_LINE_OR_MOBILE"],
      SMS_CHALLENGE: "auto",
      MAX_FAILURES_PER_NUMBER: 20,
    });
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(() => parseEnv({ SMS_NUMBER_TYPES: "MOBILE,SATELLITE" })).toThrowError(
      /SMS_NUMBER_TYPES/,
    );
    // NIST SP 800-63B allows at most 100 failed attempts.
    expect(() => parseEnv({ MAX_FAILURES_PER_NUMBER: "101" })).toThrowError(
      /MAX_FAILURES_PER_NUMBER/,
    );
  });

  test("the pumping guard can fire before a block's budget is full, and says so when it cannot", () => {
    const env = parseEnv({});
    expect(env.SMS_GUARD_MIN_SENDS).toBeLessThan(env.SMS_SENDS_PER_PREFIX_PER_HOUR);
    expect(env.SMS_GUARD_MIN_SENDS_COUNTRY).toBeLessThan(env.SMS_SENDS_PER_COUNTRY_PER_HOUR);
    expect(env.warnings).toEqual([]);
    const late = parseEnv({ SMS_GUARD_MIN_SENDS: "20", SMS_SENDS_PER_PREFIX_PER_HOUR: "20" });
    expect(late.warnings).toEqual([expect.stringMatching(/SMS_GUARD_MIN_SENDS=20.*PREFIX/)]);
    const country = parseEnv({ SMS_GUARD_MIN_SENDS_COUNTRY: "500" });
    expect(country.warnings).toEqual([expect.stringMatching(/SMS_GUARD_MIN_SENDS_COUNTRY=500/)]);
  });

  test("settings that would silently turn SMS off, or never match, are refused or warned about", () => {
    // No number type at all: every SMS refused.
    for (const types of [",", " , ,"]) {
      expect(() => parseEnv({ SMS_NUMBER_TYPES: types }), types).toThrowError(
        /SMS_NUMBER_TYPES: expected at least one of MOBILE/,
      );
    }
    // SMS reaches +1 numbers only: a list of other countries leaves it nothing.
    expect(parseEnv({ SMS_COUNTRIES: "GB,DE" }).warnings).toEqual([
      expect.stringMatching(/SMS_COUNTRIES=GB,DE.*no SMS/),
    ]);
    expect(parseEnv({ SMS_COUNTRIES: "US,GB" }).warnings).toEqual([]);
    expect(parseEnv({ SMS_COUNTRIES: "CA" }).warnings).toEqual([]);
    // By default SMS goes to the US and Canada: a deploy for another +1 country hears so.
    expect(parseEnv({ ALLOWED_COUNTRIES: "PR" }).warnings).toEqual([
      expect.stringMatching(/ALLOWED_COUNTRIES=PR has none of SMS_COUNTRIES=US,CA.*no SMS/),
    ]);
    expect(parseEnv({ ALLOWED_COUNTRIES: "PR", SMS_COUNTRIES: "*" }).warnings).toEqual([]);
    expect(parseEnv({ ALLOWED_COUNTRIES: "PR,US" }).warnings).toEqual([]);
    // A key with a space inside can never be sent in one Authorization header.
    expect(() => parseEnv({ SMS_AUTH_API_KEYS: "abcdefgh ijklmnopqrst" })).toThrowError(
      /SMS_AUTH_API_KEYS: expected keys of at least 16 characters, without spaces/,
    );
    expect(() => parseEnv({ SMS_AUTH_API_KEY: "abcdefgh\tijklmnopqrst" })).toThrowError(
      /SMS_AUTH_API_KEY:/,
    );
    expect(parseEnv({ SMS_AUTH_API_KEYS: " abcdefghijklmnopqrst , " }).SMS_AUTH_API_KEYS).toEqual([
      "abcdefghijklmnopqrst",
    ]);
  });

  test("SIGNING_KEY is a P-256, RSA (2048 bits or more) or Ed25519 key; it says the algorithm unless SIGNING_ALG does", () => {
    const pem = (type: "ec" | "rsa" | "ed25519", options: object = {}) =>
      generateKeyPairSync(type as "ec", options as { namedCurve: string }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }) as string;
    const p256 = pem("ec", { namedCurve: "P-256" });
    expect(parseEnv({ SIGNING_KEY: p256 })).toMatchObject({
      SIGNING_KEY: p256.trim(),
      signingAlgorithm: "ES256",
    });
    // One line, as many hosts keep settings.
    expect(parseEnv({ SIGNING_KEY: p256.trim().replace(/\n/g, "\\n") }).SIGNING_KEY).toBe(
      p256.trim(),
    );
    const rsa = pem("rsa", { modulusLength: 2048 });
    expect(parseEnv({ SIGNING_KEY: rsa }).signingAlgorithm).toBe("RS256");
    expect(parseEnv({ SIGNING_KEY: pem("ed25519") }).signingAlgorithm).toBe("EdDSA");
    expect(parseEnv({}).signingAlgorithm).toBe("ES256");
    expect(parseEnv({ SIGNING_ALG: "EdDSA" }).signingAlgorithm).toBe("EdDSA");
    expect(parseEnv({ SIGNING_ALG: "RS256", SIGNING_KEY: rsa }).signingAlgorithm).toBe("RS256");
    for (const other of [
      pem("ec", { namedCurve: "P-384" }),
      pem("ec", { namedCurve: "secp256k1" }),
      pem("rsa", { modulusLength: 1024 }),
      "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----",
    ]) {
      expect(() => parseEnv({ SIGNING_KEY: other })).toThrowError(
        /SIGNING_KEY: expected a private key in PKCS#8 PEM/,
      );
    }
    expect(() => parseEnv({ SIGNING_ALG: "HS256" })).toThrowError(
      /SIGNING_ALG: expected ES256, RS256, EdDSA/,
    );
    expect(() => parseEnv({ SIGNING_ALG: "ES256", SIGNING_KEY: rsa })).toThrowError(
      /SIGNING_ALG: ES256, but SIGNING_KEY is a key for RS256/,
    );
  });

  test("production with API keys needs APP_URL: session links must not point at localhost", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "x".repeat(32) };
    const keys = {
      API_KEYS: "shop:0123456789abcdefghijklmnop",
      API_KEY_ORIGINS: "https://shop.example",
    };
    expect(() => parseEnv({ ...production, ...keys })).toThrowError(/APP_URL: required/);
    expect(parseEnv({ ...production, ...keys, APP_URL: "https://verify.example" }).appUrl).toBe(
      "https://verify.example",
    );
    // Outside production, localhost is what a developer means.
    expect(parseEnv(keys).appUrl).toBe("http://localhost:3000");
  });
});
