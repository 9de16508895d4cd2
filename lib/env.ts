import { getCountryCallingCode, type CountryCode } from "libphonenumber-js";
import { z } from "zod";

// Every setting of the app, parsed once. `.env.example` documents each one.
// An invalid value stops the app at start (see instrumentation.ts) with a message naming
// the variable and what it accepts.

import {
  algorithmOfKey,
  apiKey,
  countryList,
  int,
  list,
  optionalText,
  origin,
  SIGNING_ALGORITHMS,
  signingKey,
  type SigningAlgorithm,
  smsNumberTypes,
  url,
  webhookSecret,
} from "./env-fields";

// A key is sent whole in one Authorization header: one with a space or tab inside could never match.
const smsAuthApiKeys = list(
  z.string().regex(/^\S{16,}$/, { error: "keys of at least 16 characters, without spaces" }),
).default([]);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(1, 65535).default(3000),
  APP_URL: url.optional(),
  APP_SECRET: z
    .string()
    .min(32, { error: "at least 32 characters (for example: openssl rand -base64 32)" })
    .optional(),
  SANDBOX: z.enum(["0", "1"], { error: "1 (on) or 0 (off)" }).optional(),
  // The sandbox clock (POST /api/sandbox/clock) on a production deploy: one visitor moving it
  // moves every visitor's expiries and windows, so a public demo serves it only when asked
  // (an end-to-end suite against a production build). In development it is always on.
  SANDBOX_CLOCK: z.enum(["0", "1"], { error: "1 (on) or 0 (off)" }).default("0"),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  // PostgreSQL instead of SQLite, for several instances (Heroku, Vercel).
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "a postgres://user:password@host:port/database URL" })
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  ALLOWED_COUNTRIES: countryList.default([]),
  // Where the success page's Continue leads (your app); unset: it offers "Verify another number".
  SUCCESS_URL: url.optional(),
  // How many proxies in front of the app append to X-Forwarded-For (and may be believed about
  // the protocol and host); 0: none, the connection's own address counts.
  TRUST_PROXY: int(0, 10).default(0),
  // Finished and expired verifications are deleted this long after they end (seconds).
  PURGE_AFTER: int(60, 365 * 86_400).default(86_400),
  // How often the purge runs (seconds); 0 turns it off (e.g. when a scheduler runs it instead).
  PURGE_INTERVAL: int(0, 86_400).default(3600),
  // The bearer secret of GET /api/cron/purge (Vercel Cron sends it); unset = no such route.
  CRON_SECRET: z
    .string()
    .min(16, { error: "at least 16 random characters (for example: openssl rand -hex 24)" })
    .optional(),
  // Set by Vercel on its deployments: functions there keep no timer alive between requests.
  VERCEL: optionalText,

  // SMS one-time code: names and meaning as in Flowroute's sms-verification service.
  CODE_LENGTH: int(4, 10).default(6),
  CODE_EXPIRATION: int(30, 86_400).default(600),
  RETRIES_ALLOWED: int(1, 100).default(3),
  ORG_NAME: z.string().trim().min(1).max(60).default("Phone Verify"),
  // Unset: the SMS text of the person's language, from the catalogue (lib/i18n/messages).
  // `\n` is a new line: hosts (Heroku, Vercel) keep a setting on one line.
  AUTH_MESSAGE: z
    .string()
    .transform((value) => value.replace(/\\n/g, "\n"))
    .pipe(z.string().min(1).max(600))
    .refine((value) => value.includes("{code}"), { error: "a template containing {code}" })
    .optional(),
  SMS_RESEND_COOLDOWN: int(0, 3600).default(30),
  SMS_MAX_SENDS: int(1, 20).default(5),
  SMS_SENDS_PER_PHONE_PER_HOUR: int(1, 1000).default(10),

  // What it costs us: budgets on SMS sends (docs/security.md#sending-limits), per hour unless
  // the name says otherwise.
  SMS_SENDS_PER_IP_PER_HOUR: int(1, 1_000_000).default(10),
  SMS_SENDS_PER_NETWORK_PER_HOUR: int(1, 1_000_000).default(30),
  SMS_SENDS_PER_PREFIX_PER_HOUR: int(1, 1_000_000).default(20),
  SMS_SENDS_PER_COUNTRY_PER_HOUR: int(1, 1_000_000).default(300),
  SMS_SENDS_PER_HOUR: int(1, 10_000_000).default(1000),
  SMS_SENDS_PER_DAY: int(1, 100_000_000).default(10_000),
  SMS_NUMBER_TYPES: list(z.enum(smsNumberTypes, { error: `some of ${smsNumberTypes.join(", ")}` }))
    // None at all would refuse every SMS: a slip of the pen, not a way to turn SMS off.
    .refine((types) => types.length > 0, {
      error: `at least one of ${smsNumberTypes.join(", ")}`,
    })
    .default(["MOBILE", "FIXED_LINE_OR_MOBILE"]),
  // The United States and Canada, Flowroute's SMS market. The other +1 countries (the
  // Caribbean's, most pumped of all) only when named: each is a budget and a pause of its own.
  SMS_COUNTRIES: countryList.default(["US", "CA"]),
  // The pumping guard: a prefix or country whose sends mostly go unverified is paused. Its
  // minimum must stay below the block's budget (SMS_SENDS_PER_PREFIX_PER_HOUR), or the budget
  // refuses the sends before the guard has seen enough of them to judge.
  SMS_GUARD_MIN_SENDS: int(1, 1_000_000).default(10),
  SMS_GUARD_MIN_SENDS_COUNTRY: int(1, 10_000_000).default(100),
  SMS_GUARD_MIN_VERIFIED_PERCENT: int(0, 100).default(10),
  SMS_GUARD_PAUSE: int(60, 7 * 86_400).default(3600),
  SMS_CHALLENGE: z
    .enum(["off", "auto", "always"], { error: "off, auto or always" })
    .default("auto"),
  SMS_CHALLENGE_AFTER: int(0, 1_000_000).default(3),
  // Hashes the widget tries on average before it finds the answer (a second or so in a browser).
  SMS_CHALLENGE_DIFFICULTY: int(1, 10_000_000).default(50_000),
  MAX_FAILURES_PER_NUMBER: int(1, 100).default(20),
  SMS_FAILURE_LOCK: int(60, 7 * 86_400).default(3600),
  // The seed SMS API (/api/sms-auth) is server-to-server: its callers' keys. SMS_AUTH_API_KEY,
  // the singular, means the same and adds its keys: a key set under it is not silently ignored.
  SMS_AUTH_API_KEYS: smsAuthApiKeys,
  SMS_AUTH_API_KEY: smsAuthApiKeys,
  PHONECHECK_STARTS_PER_IP_PER_HOUR: int(1, 1_000_000).default(20),
  PHONECHECK_STARTS_PER_NETWORK_PER_HOUR: int(1, 1_000_000).default(60),
  PHONECHECK_STARTS_PER_HOUR: int(1, 10_000_000).default(1000),
  // Truecaller starts (a push puts a prompt on a stranger's phone, a deep link writes a row)
  // per client address and network, and all pushes together: Truecaller may throttle or ban an
  // app key that spams, and whether a push is refused tells who has the app.
  TRUECALLER_STARTS_PER_IP_PER_HOUR: int(1, 1_000_000).default(20),
  TRUECALLER_STARTS_PER_NETWORK_PER_HOUR: int(1, 1_000_000).default(60),
  TRUECALLER_PUSHES_PER_HOUR: int(1, 10_000_000).default(1000),

  // Flowroute Messaging API v2.1.
  FLOWROUTE_ACCESS_KEY: optionalText,
  FLOWROUTE_SECRET_KEY: optionalText,
  FLOWROUTE_NUMBER: z
    .string()
    .regex(/^1\d{10}$/, { error: "an 11-digit 1XXXXXXXXXX number" })
    .optional(),
  FLOWROUTE_BASE_URL: url.default("https://api.flowroute.com"),
  FLOWROUTE_TIMEOUT_MS: int(100, 60_000).default(10_000),
  FLOWROUTE_SANDBOX_ACCESS_KEY: z.string().min(1).default("sandbox-access-key"),
  FLOWROUTE_SANDBOX_SECRET_KEY: z.string().min(1).default("sandbox-secret-key"),
  FLOWROUTE_SANDBOX_NUMBER: z
    .string()
    .regex(/^1\d{10}$/)
    .default("12065550100"),
  // Messages a second the emulator accepts, as Flowroute limits an account (5); 0: no limit.
  FLOWROUTE_SANDBOX_RATE: int(0, 100_000).default(5),

  // Truecaller (web push and mobile-web deep link).
  TRUECALLER_APP_KEY: optionalText,
  TRUECALLER_PARTNER_NAME: z.string().trim().min(1).max(60).default("Phone Verify"),
  TRUECALLER_REQUEST_URL: url.default("https://api4.truecaller.com/v1/apps/requests"),
  TRUECALLER_PROFILE_URL: url.default("https://profile4.truecaller.com/v1/default"),
  TRUECALLER_REQUEST_TTL: int(30, 600).default(600),
  // Seconds before a number's Truecaller app may be prompted again (Truecaller's advice: about
  // five minutes); 0: no wait.
  TRUECALLER_PROMPT_INTERVAL: int(0, 3600).default(300),
  TRUECALLER_TIMEOUT_MS: int(100, 60_000).default(8_000),
  TRUECALLER_SANDBOX_APP_KEY: z.string().min(1).default("sandbox-truecaller-app-key"),

  // tru.ID PhoneCheck.
  TRUID_CLIENT_ID: optionalText,
  TRUID_CLIENT_SECRET: optionalText,
  TRUID_DATA_RESIDENCY: z.enum(["eu", "in", "us"], { error: "eu, in or us" }).default("eu"),
  TRUID_BASE_URL: url.optional(),
  TRUID_PHONECHECK_VERSION: z.enum(["v0.2", "v0.1"], { error: "v0.2 or v0.1" }).default("v0.2"),
  TRUID_CALLBACK_URL: url.optional(),
  TRUID_TIMEOUT_MS: int(100, 60_000).default(8_000),
  TRUID_SANDBOX_CLIENT_ID: z.string().min(1).default("sandbox-truid-client-id"),
  TRUID_SANDBOX_CLIENT_SECRET: z.string().min(1).default("sandbox-truid-client-secret"),

  // Verification sessions for other apps (docs/sessions.md). Each key's allowed return-URL
  // origins and webhook are read from API_KEY_ORIGINS_<id>, WEBHOOK_URL_<id> and
  // WEBHOOK_SECRET_<id> when set, else from the settings for every key below.
  API_KEYS: list(apiKey).default([]),
  API_KEY_ORIGINS: list(origin).default([]),
  WEBHOOK_URL: url.optional(),
  WEBHOOK_SECRET: webhookSecret.optional(),
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"], { error: "1 (on) or 0 (off)" }).default("0"),
  // How often this instance looks for webhooks due again (seconds); 0: only the cron route.
  WEBHOOK_INTERVAL: int(0, 3600).default(10),
  // How long a person has to finish a session (seconds).
  SESSION_TTL: int(60, 86_400).default(900),
  // The private key (PKCS#8 PEM) that signs result tokens; unset: one is generated and kept in
  // the database, and replaced every SIGNING_KEY_ROTATION days. SIGNING_ALG: what they are
  // signed with; unset, SIGNING_KEY's kind says, else ES256.
  SIGNING_KEY: signingKey.optional(),
  SIGNING_ALG: z.enum(SIGNING_ALGORITHMS, { error: SIGNING_ALGORITHMS.join(", ") }).optional(),
  SIGNING_KEY_ROTATION: int(1, 365).default(30),
});

/** An app's API key and what it may do (POST /api/v1/sessions). */
export type ApiKey = {
  id: string;
  secret: string;
  /** Origins its return URLs may have. */
  origins: string[];
  /** Where its webhooks go, signed with `webhookSecret`; none: no webhooks. */
  webhook?: { url: string; secret: string };
};

/** The settings as parsed, SMS_AUTH_API_KEY folded into SMS_AUTH_API_KEYS. */
type Settings = Omit<z.infer<typeof schema>, "SMS_AUTH_API_KEY">;

type Env = Settings & {
  /** Public origin of this app, without a trailing slash. */
  appUrl: string;
  /** API_KEYS with each key's origins and webhook. */
  apiKeys: ApiKey[];
  /** The emulators under /api/sandbox and the simulated phone are served. */
  sandboxEnabled: boolean;
  /** What result tokens are signed with: SIGNING_ALG, else what SIGNING_KEY signs, else ES256. */
  signingAlgorithm: SigningAlgorithm;
  /** WEBHOOK_URL_<id> settings whose id names no key (a misspelt id?). */
  strayWebhookUrls: string[];
  warnings: string[];
};

export class InvalidEnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(stripEmpty(source));
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${String(issue.path[0])}: expected ${issue.message}`,
    );
    throw new InvalidEnvError(`Invalid settings:\n${lines.join("\n")}`);
  }
  const { SMS_AUTH_API_KEY, ...parsed } = result.data;
  const env: Settings = {
    ...parsed,
    SMS_AUTH_API_KEYS: [...new Set([...parsed.SMS_AUTH_API_KEYS, ...SMS_AUTH_API_KEY])],
  };
  const production = env.NODE_ENV === "production";
  const problems: string[] = [];
  const realProviders = [
    env.FLOWROUTE_ACCESS_KEY && "FLOWROUTE_ACCESS_KEY",
    env.TRUID_CLIENT_ID && "TRUID_CLIENT_ID",
    env.TRUECALLER_APP_KEY && "TRUECALLER_APP_KEY",
  ].filter(Boolean);
  if (production && env.SANDBOX === "1" && realProviders.length > 0) {
    // The emulators approve whatever their simulated phone says: beside a real provider they
    // would verify, and sign result tokens for, numbers nobody proved to own.
    problems.push(
      `  SANDBOX: 1 serves the emulators, which approve any number, and ${realProviders.join(", ")} makes this a real deploy: set SANDBOX=0 (methods without credentials are then off)`,
    );
  }
  if (production && env.SANDBOX === "1" && env.API_KEYS.length > 0) {
    // Anyone reads any number's code on the simulated phone: an app's key would get signed
    // result tokens, indistinguishable from real ones, for numbers nobody proved to own. The
    // sandbox's own demo app (/sandbox/app) has a key of its own, not listed here.
    problems.push(
      "  API_KEYS: SANDBOX: 1 lets anyone verify any number on the simulated phone, so an app's key would get signed tokens for numbers nobody proved to own: set SANDBOX=0 where apps trust this server's results",
    );
  }
  // NIST 800-63B: at least 6 digits, and a code sent by SMS lives 10 minutes at most. Below
  // that is for development only (the seed's own suite replays with 4 digits and an hour).
  if (production && env.CODE_LENGTH < 6) {
    problems.push(`  CODE_LENGTH: at least 6 in production (NIST 800-63B), not ${env.CODE_LENGTH}`);
  }
  if (production && env.CODE_EXPIRATION > 600) {
    problems.push(
      `  CODE_EXPIRATION: at most 600 seconds in production (NIST 800-63B), not ${env.CODE_EXPIRATION}`,
    );
  }
  if (production && !env.APP_SECRET) {
    problems.push("  APP_SECRET: required in production (at least 32 random characters)");
  }
  if (Boolean(env.FLOWROUTE_ACCESS_KEY) !== Boolean(env.FLOWROUTE_SECRET_KEY)) {
    problems.push("  FLOWROUTE_ACCESS_KEY / FLOWROUTE_SECRET_KEY: set both or neither");
  }
  if (env.FLOWROUTE_ACCESS_KEY && !env.FLOWROUTE_NUMBER) {
    problems.push("  FLOWROUTE_NUMBER: required with Flowroute credentials (1XXXXXXXXXX)");
  }
  if (production && env.FLOWROUTE_ACCESS_KEY && env.SMS_AUTH_API_KEYS.length === 0) {
    problems.push(
      "  SMS_AUTH_API_KEYS: required in production with real Flowroute credentials, so that only your servers can make /api/sms-auth send SMS",
    );
  }
  if (production && env.API_KEYS.length > 0 && !env.APP_URL) {
    problems.push(
      "  APP_URL: required in production with API_KEYS: session links and return pages must name this app's public origin, not localhost",
    );
  }
  if (Boolean(env.TRUID_CLIENT_ID) !== Boolean(env.TRUID_CLIENT_SECRET)) {
    problems.push("  TRUID_CLIENT_ID / TRUID_CLIENT_SECRET: set both or neither");
  }
  const keyAlgorithm = env.SIGNING_KEY ? algorithmOfKey(env.SIGNING_KEY) : undefined;
  if (env.SIGNING_ALG && keyAlgorithm && env.SIGNING_ALG !== keyAlgorithm) {
    problems.push(
      `  SIGNING_ALG: ${env.SIGNING_ALG}, but SIGNING_KEY is a key for ${keyAlgorithm}: change one or leave SIGNING_ALG unset`,
    );
  }
  const apiKeys = readApiKeys(env, source, problems);
  if (problems.length > 0) throw new InvalidEnvError(`Invalid settings:\n${problems.join("\n")}`);

  const warnings: string[] = [];
  if (env.CODE_LENGTH < 6) {
    warnings.push(`CODE_LENGTH=${env.CODE_LENGTH} is below the 6 digits NIST 800-63B asks for`);
  }
  if (production && !env.APP_URL) {
    warnings.push(
      "APP_URL is not set: browser requests are checked against the host they name, which a name pointed at this server (DNS rebinding) chooses; set APP_URL to the public origin",
    );
  }
  if (env.VERCEL && !env.CRON_SECRET) {
    warnings.push("CRON_SECRET is not set: on Vercel, nothing purges ended verifications");
  }
  if (env.SMS_GUARD_MIN_SENDS >= env.SMS_SENDS_PER_PREFIX_PER_HOUR) {
    warnings.push(
      `SMS_GUARD_MIN_SENDS=${env.SMS_GUARD_MIN_SENDS} is not below SMS_SENDS_PER_PREFIX_PER_HOUR=${env.SMS_SENDS_PER_PREFIX_PER_HOUR}: the pumping guard can only pause a block of numbers once its budget is spent`,
    );
  }
  if (env.SMS_GUARD_MIN_SENDS_COUNTRY >= env.SMS_SENDS_PER_COUNTRY_PER_HOUR) {
    warnings.push(
      `SMS_GUARD_MIN_SENDS_COUNTRY=${env.SMS_GUARD_MIN_SENDS_COUNTRY} is not below SMS_SENDS_PER_COUNTRY_PER_HOUR=${env.SMS_SENDS_PER_COUNTRY_PER_HOUR}: the pumping guard can only pause a country once its budget is spent`,
    );
  }
  if (env.SMS_COUNTRIES.length > 0 && !env.SMS_COUNTRIES.some(callsWithPlusOne)) {
    warnings.push(
      `SMS_COUNTRIES=${env.SMS_COUNTRIES.join(",")} names no +1 country: Flowroute reaches +1 numbers only, so no SMS will be sent`,
    );
  } else if (
    env.ALLOWED_COUNTRIES.length > 0 &&
    env.SMS_COUNTRIES.length > 0 &&
    !env.SMS_COUNTRIES.some((country) => env.ALLOWED_COUNTRIES.includes(country))
  ) {
    // SMS_COUNTRIES is US,CA unless set: a deploy for another +1 country must name it.
    warnings.push(
      `ALLOWED_COUNTRIES=${env.ALLOWED_COUNTRIES.join(",")} has none of SMS_COUNTRIES=${env.SMS_COUNTRIES.join(",")}, so no SMS will be sent (SMS_COUNTRIES=* is every +1 country)`,
    );
  }
  if (production && env.TRUID_PHONECHECK_VERSION === "v0.1") {
    warnings.push(
      "TRUID_PHONECHECK_VERSION=v0.1: tru.ID's older flow, in which the result is read without the device's one-time code; v0.2 (the default) needs it",
    );
  }
  if (env.CODE_EXPIRATION > 600) {
    warnings.push(
      `CODE_EXPIRATION=${env.CODE_EXPIRATION}s is above the 10 minutes NIST 800-63B allows`,
    );
  }
  const strayWebhookUrls = strayWebhookSettings(source, apiKeys);
  for (const name of strayWebhookUrls) {
    warnings.push(`${name} names no key of API_KEYS: is the id misspelt?`);
  }
  return {
    ...env,
    appUrl: publicOrigin(env.APP_URL ?? `http://localhost:${env.PORT}`),
    apiKeys,
    // A production deploy serves the sandbox only when asked to (a public demo).
    sandboxEnabled: env.SANDBOX === "1" || (env.SANDBOX === undefined && !production),
    signingAlgorithm: env.SIGNING_ALG ?? keyAlgorithm ?? "ES256",
    strayWebhookUrls,
    warnings,
  };
}

/**
 * The WEBHOOK_URL_<id> settings that name no key of API_KEYS (a typo, most likely): said at
 * start, and while there are any, keys without a webhook keep their endings in the outbox
 * (lib/webhooks/outbox.ts), so that the one the setting was meant for loses nothing.
 */
function strayWebhookSettings(
  source: Record<string, string | undefined>,
  apiKeys: ApiKey[],
): string[] {
  const named = new Set(apiKeys.flatMap(({ id }) => [id, id.replaceAll("-", "_")]));
  return Object.entries(source)
    .filter(([name, value]) => name.startsWith("WEBHOOK_URL_") && Boolean(value?.trim()))
    .map(([name]) => name)
    .filter((name) => !named.has(name.slice("WEBHOOK_URL_".length)));
}

/**
 * APP_URL as browsers and token checkers spell the origin (lower-case host, no default port, no
 * trailing slash): it is the tokens' `iss`, which a client compares byte for byte with the URL it
 * was given, and the start of every link. A path, if one is given, is kept.
 */
function publicOrigin(appUrl: string): string {
  const parsed = new URL(appUrl);
  const path = parsed.pathname.replace(/\/+$/, "");
  return `${parsed.origin}${path}`;
}

/** Each key of API_KEYS with its own settings (API_KEY_ORIGINS_<id>…) or the shared ones. */
function readApiKeys(
  env: Settings,
  source: Record<string, string | undefined>,
  problems: string[],
): ApiKey[] {
  const keys: ApiKey[] = [];
  const seen = new Set<string>();
  const secrets = new Set<string>();
  // The key whose settings each variable name suffix reads (my-app and my_app both read _my_app).
  const suffixes = new Map<string, string>();
  for (const { id, secret } of env.API_KEYS) {
    if (seen.has(id)) problems.push(`  API_KEYS: the key id "${id}" appears twice`);
    seen.add(id);
    const suffix = id.replaceAll("-", "_");
    const other = suffixes.get(suffix);
    // Two apps reading one set of settings would share origins, webhook URL and secret.
    if (other !== undefined && other !== id) {
      problems.push(
        `  API_KEYS: the key ids "${other}" and "${id}" would read the same settings (API_KEY_ORIGINS_${suffix}…): rename one`,
      );
    }
    suffixes.set(suffix, id);
    // The secret is how a request says which app it is: two apps with one would be one app.
    if (secrets.has(secret)) problems.push(`  API_KEYS: key "${id}" has another key's secret`);
    secrets.add(secret);
    // Many hosts allow only letters, digits and _ in a variable's name: API_KEY_ORIGINS_my_app
    // is read for the key my-app too.
    const own = (name: string) =>
      source[`${name}_${id}`]?.trim() ||
      source[`${name}_${id.replaceAll("-", "_")}`]?.trim() ||
      undefined;
    const origins = own("API_KEY_ORIGINS");
    const parsedOrigins = origins
      ? list(origin).safeParse(origins)
      : { success: true as const, data: env.API_KEY_ORIGINS };
    if (!parsedOrigins.success) {
      problems.push(`  API_KEY_ORIGINS_${id}: expected origins such as https://app.example.com`);
    } else if (parsedOrigins.data.length === 0) {
      problems.push(
        `  API_KEY_ORIGINS_${id} / API_KEY_ORIGINS: the origins key "${id}" may send people back to (https://app.example.com)`,
      );
    }
    const hookUrl = own("WEBHOOK_URL") ?? env.WEBHOOK_URL;
    const hookSecret = own("WEBHOOK_SECRET") ?? env.WEBHOOK_SECRET;
    if (hookUrl && !url.safeParse(hookUrl).success) {
      problems.push(`  WEBHOOK_URL_${id}: expected an absolute http(s) URL`);
    } else if (hookUrl && !isSecureOrLocal(hookUrl)) {
      problems.push(`  WEBHOOK_URL (key "${id}"): expected https (http only for localhost)`);
    }
    if (hookSecret && !webhookSecret.safeParse(hookSecret).success) {
      problems.push(`  WEBHOOK_SECRET_${id}: expected whsec_ followed by base64`);
    }
    if (hookUrl && !hookSecret) {
      problems.push(`  WEBHOOK_SECRET: required with a webhook URL (key "${id}"): whsec_…`);
    }
    keys.push({
      id,
      secret,
      origins: parsedOrigins.success ? parsedOrigins.data : [],
      ...(hookUrl && hookSecret ? { webhook: { url: hookUrl, secret: hookSecret } } : {}),
    });
  }
  return keys;
}

/** Whether numbers of `country` (ISO code) start +1, the only ones Flowroute reaches. */
function callsWithPlusOne(country: string): boolean {
  try {
    return getCountryCallingCode(country as CountryCode) === "1";
  } catch {
    return false; // not a country libphonenumber knows
  }
}

/** https, or http to this machine (a receiver in development). */
function isSecureOrLocal(value: string): boolean {
  const target = new URL(value);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname);
  return target.protocol === "https:" || local;
}

function stripEmpty(source: Record<string, string | undefined>) {
  // An empty variable means "not set", as in most dotenv tooling.
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env and call this to read it again. */
export function reloadEnv(): Env {
  cached = undefined;
  return getEnv();
}
