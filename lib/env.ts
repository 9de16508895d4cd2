import { z } from "zod";

// The app's own settings, parsed once; each method's are in its folder
// (lib/methods/<method>/settings.ts), read from the same environment by `settingsPart`.
// `.env.example` documents each one. An invalid value stops the app at start
// (lib/methods/settings.ts, from instrumentation.ts) with a message naming the variable and
// what it accepts.

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
  url,
  webhookSecret,
} from "./env-fields";

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
  // Set by Heroku on its dynos (web.1, release.1234…): a dyno's disk lasts until its restart.
  DYNO: optionalText,

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

/** The variables the app's own settings read, by name. */
export const appVariables: readonly string[] = Object.keys(schema.shape);

/** An app's API key and what it may do (POST /api/v1/sessions). */
export type ApiKey = {
  id: string;
  secret: string;
  /** Origins its return URLs may have. */
  origins: string[];
  /** Where its webhooks go, signed with `webhookSecret`; none: no webhooks. */
  webhook?: { url: string; secret: string };
};

/** The settings as parsed. */
type Settings = z.infer<typeof schema>;

export type Env = Settings & {
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

/** What the environment holds: variable names to values. */
export type Source = Record<string, string | undefined>;

export class InvalidEnvError extends Error {}

/**
 * `schema`'s variables read from `source` (an empty one is unset), or InvalidEnvError naming
 * each bad one and what it accepts.
 */
function readSettings<Schema extends z.ZodType>(schema: Schema, source: Source): z.infer<Schema> {
  const result = schema.safeParse(stripEmpty(source));
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${String(issue.path[0])}: expected ${issue.message}`,
    );
    throw new InvalidEnvError(`Invalid settings:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** Throws InvalidEnvError listing `problems`, if there are any. */
export function refuseProblems(problems: string[]): void {
  if (problems.length > 0) throw new InvalidEnvError(`Invalid settings:\n${problems.join("\n")}`);
}

/**
 * The problem of real provider credentials (`variable`, when `set`) on a production server that
 * also serves the sandbox, if that is the case.
 */
export function sandboxBesideRealProvider(env: Env, variable: string, set: unknown): string[] {
  if (!set || env.NODE_ENV !== "production" || env.SANDBOX !== "1") return [];
  // The emulators approve whatever their simulated phone says: beside a real provider they
  // would verify, and sign result tokens for, numbers nobody proved to own.
  return [
    `  SANDBOX: 1 serves the emulators, which approve any number, and ${variable} makes this a real deploy: set SANDBOX=0 (methods without credentials are then off)`,
  ];
}

/** What a part of the settings says beside its values: problems refuse it, warnings are logged. */
type Said = { problems: string[]; warnings: string[] };

/**
 * A part of the settings kept apart from the app's own (a method's): `schema`'s variables, then
 * `check`, which may add problems and warnings (the app's settings at hand) and reshape what
 * was read. `parse` reads a given environment; `read`, process.env, on first use and again
 * after `reloadEnv`.
 */
export function settingsPart<Schema extends z.ZodObject, Part>(
  schema: Schema,
  check: (read: z.infer<Schema>, env: Env, said: Said) => Part,
) {
  function parse(source: Source, env: Env): Part & { warnings: string[] } {
    const said: Said = { problems: [], warnings: [] };
    const part = check(readSettings(schema, source), env, said);
    refuseProblems(said.problems);
    return { ...part, warnings: said.warnings };
  }
  let readFor: Env | undefined;
  let cachedPart: Part & { warnings: string[] };
  function read(): Part & { warnings: string[] } {
    const env = getEnv();
    if (readFor !== env) {
      cachedPart = parse(process.env, env);
      readFor = env;
    }
    return cachedPart;
  }
  /** The variables it reads, by name. */
  const variables: readonly string[] = Object.keys(schema.shape);
  return { parse, read, variables };
}

/**
 * The app's own settings. A method's settings are its own (lib/methods/<method>/settings.ts),
 * read by `settingsPart` from the same environment; lib/methods/settings.ts checks them all
 * at start.
 */
export function parseEnv(source: Source): Env {
  const env = readSettings(schema, source);
  const production = env.NODE_ENV === "production";
  const problems: string[] = [];
  if (production && env.SANDBOX === "1" && env.API_KEYS.length > 0) {
    // Anyone reads any number's code on the simulated phone: an app's key would get signed
    // result tokens, indistinguishable from real ones, for numbers nobody proved to own. The
    // sandbox's own demo app (/sandbox/app) has a key of its own, not listed here.
    problems.push(
      "  API_KEYS: SANDBOX: 1 lets anyone verify any number on the simulated phone, so an app's key would get signed tokens for numbers nobody proved to own: set SANDBOX=0 where apps trust this server's results",
    );
  }
  if (production && !env.APP_SECRET) {
    problems.push("  APP_SECRET: required in production (at least 32 random characters)");
  }
  if (production && env.API_KEYS.length > 0 && !env.APP_URL) {
    problems.push(
      "  APP_URL: required in production with API_KEYS: session links and return pages must name this app's public origin, not localhost",
    );
  }
  if (production && env.VERCEL && !env.DATABASE_URL) {
    // Each function would open an SQLite file of its own, where Vercel lets it write at all: a
    // code sent by one would be unknown to the next. Said at start rather than as 500s later.
    problems.push(
      "  DATABASE_URL: required on Vercel (VERCEL is set): its functions share no disk, so SQLite would give each one an empty database of its own; set a PostgreSQL URL (a pooled one will do)",
    );
  }
  const keyAlgorithm = env.SIGNING_KEY ? algorithmOfKey(env.SIGNING_KEY) : undefined;
  if (env.SIGNING_ALG && keyAlgorithm && env.SIGNING_ALG !== keyAlgorithm) {
    problems.push(
      `  SIGNING_ALG: ${env.SIGNING_ALG}, but SIGNING_KEY is a key for ${keyAlgorithm}: change one or leave SIGNING_ALG unset`,
    );
  }
  const apiKeys = readApiKeys(env, source, problems);
  refuseProblems(problems);

  const warnings: string[] = [];
  if (production && !env.APP_URL) {
    warnings.push(
      "APP_URL is not set: browser requests are checked against the host they name, which a name pointed at this server (DNS rebinding) chooses; set APP_URL to the public origin",
    );
  }
  if (production && env.DYNO && !env.DATABASE_URL) {
    warnings.push(
      "DATABASE_URL is not set on Heroku (DYNO is set): a dyno's disk is wiped at every restart, at least daily, and the SQLite file with it (verifications, sessions, webhooks not yet delivered, signing keys); add Heroku Postgres",
    );
  }
  if (env.VERCEL && !env.CRON_SECRET) {
    warnings.push("CRON_SECRET is not set: on Vercel, nothing purges ended verifications");
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
function strayWebhookSettings(source: Source, apiKeys: ApiKey[]): string[] {
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
function readApiKeys(env: Settings, source: Source, problems: string[]): ApiKey[] {
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

/** https, or http to this machine (a receiver in development). */
function isSecureOrLocal(value: string): boolean {
  const target = new URL(value);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname);
  return target.protocol === "https:" || local;
}

function stripEmpty(source: Source) {
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
