import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { InvalidEnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  test("defaults: a development checkout runs with no settings, sandbox on", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_PATH: "data/app.db",
      sandboxEnabled: true,
      appUrl: "http://localhost:3000",
      ALLOWED_COUNTRIES: [],
    });
    expect(env.warnings).toEqual([]);
  });

  test("a bad value names the variable and what it accepts", () => {
    expect(() => parseEnv({ PORT: "0", PURGE_AFTER: "5" })).toThrowError(
      /PORT: expected a whole number from 1 to 65535[\s\S]*PURGE_AFTER: expected a whole number from 60/,
    );
    expect(() => parseEnv({ ALLOWED_COUNTRIES: "US,Sweden" })).toThrowError(/ALLOWED_COUNTRIES/);
  });

  test("production needs APP_SECRET and keeps the sandbox off unless asked", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(InvalidEnvError);
    const secret = "x".repeat(32);
    expect(parseEnv({ NODE_ENV: "production", APP_SECRET: secret }).sandboxEnabled).toBe(false);
    expect(
      parseEnv({ NODE_ENV: "production", APP_SECRET: secret, SANDBOX: "1" }).sandboxEnabled,
    ).toBe(true);
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

  test("a production deploy on Vercel needs DATABASE_URL: its functions share no disk for SQLite", () => {
    const vercel = { NODE_ENV: "production", APP_SECRET: "s".repeat(32), VERCEL: "1" };
    expect(() => parseEnv(vercel)).toThrowError(/DATABASE_URL: required on Vercel/);
    const url = "postgres://app:secret@db.example:5432/verify";
    expect(parseEnv({ ...vercel, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    // `vercel dev` on a laptop is one process with a disk: SQLite serves it.
    expect(parseEnv({ VERCEL: "1" }).DATABASE_URL).toBeUndefined();
  });

  test("on Heroku without DATABASE_URL, production warns: a restart wipes the SQLite file", () => {
    const heroku = {
      NODE_ENV: "production",
      APP_SECRET: "s".repeat(32),
      APP_URL: "https://v.example",
      DYNO: "web.1",
    };
    expect(parseEnv(heroku).warnings).toEqual([
      "DATABASE_URL is not set on Heroku (DYNO is set): a dyno's disk is wiped at every restart, at least daily, and the SQLite file with it (verifications, sessions, webhooks not yet delivered, signing keys); add Heroku Postgres",
    ]);
    const url = "postgres://app:secret@db.example:5432/verify";
    expect(parseEnv({ ...heroku, DATABASE_URL: url }).warnings).toEqual([]);
    // `heroku local` runs outside production, on a disk that stays.
    expect(parseEnv({ DYNO: "web.1" }).warnings).toEqual([]);
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

  test("TRUST_PROXY is a count of proxies, none by default", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrowError(/TRUST_PROXY/);
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
