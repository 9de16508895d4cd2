import { getCountryCallingCode, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { sandboxBesideRealProvider, settingsPart } from "@/lib/env";
import { countryList, int, list, optionalText, url } from "@/lib/env-fields";

// The SMS method's settings: the code, its sends and their budgets, the seed API's keys and
// Flowroute's account. `.env.example` documents each one.

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

// A key is sent whole in one Authorization header: one with a space or tab inside could never match.
const smsAuthApiKeys = list(
  z.string().regex(/^\S{16,}$/, { error: "keys of at least 16 characters, without spaces" }),
).default([]);

const schema = z.object({
  // The one-time code: names and meaning as in Flowroute's sms-verification service.
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
});

/**
 * The SMS method's settings, SMS_AUTH_API_KEY folded into SMS_AUTH_API_KEYS: `parse` reads a
 * given environment, `read` process.env.
 */
export const smsSettings = settingsPart(schema, (read, env, { problems, warnings }) => {
  const { SMS_AUTH_API_KEY, ...parsed } = read;
  const sms = {
    ...parsed,
    SMS_AUTH_API_KEYS: [...new Set([...parsed.SMS_AUTH_API_KEYS, ...SMS_AUTH_API_KEY])],
  };
  const production = env.NODE_ENV === "production";
  problems.push(
    ...sandboxBesideRealProvider(env, "FLOWROUTE_ACCESS_KEY", sms.FLOWROUTE_ACCESS_KEY),
  );
  // NIST 800-63B: at least 6 digits, and a code sent by SMS lives 10 minutes at most. Below
  // that is for development only (the seed's own suite replays with 4 digits and an hour).
  if (production && sms.CODE_LENGTH < 6) {
    problems.push(`  CODE_LENGTH: at least 6 in production (NIST 800-63B), not ${sms.CODE_LENGTH}`);
  }
  if (production && sms.CODE_EXPIRATION > 600) {
    problems.push(
      `  CODE_EXPIRATION: at most 600 seconds in production (NIST 800-63B), not ${sms.CODE_EXPIRATION}`,
    );
  }
  if (Boolean(sms.FLOWROUTE_ACCESS_KEY) !== Boolean(sms.FLOWROUTE_SECRET_KEY)) {
    problems.push("  FLOWROUTE_ACCESS_KEY / FLOWROUTE_SECRET_KEY: set both or neither");
  }
  if (sms.FLOWROUTE_ACCESS_KEY && !sms.FLOWROUTE_NUMBER) {
    problems.push("  FLOWROUTE_NUMBER: required with Flowroute credentials (1XXXXXXXXXX)");
  }
  if (production && sms.FLOWROUTE_ACCESS_KEY && sms.SMS_AUTH_API_KEYS.length === 0) {
    problems.push(
      "  SMS_AUTH_API_KEYS: required in production with real Flowroute credentials, so that only your servers can make /api/sms-auth send SMS",
    );
  }

  if (sms.CODE_LENGTH < 6) {
    warnings.push(`CODE_LENGTH=${sms.CODE_LENGTH} is below the 6 digits NIST 800-63B asks for`);
  }
  if (sms.SMS_GUARD_MIN_SENDS >= sms.SMS_SENDS_PER_PREFIX_PER_HOUR) {
    warnings.push(
      `SMS_GUARD_MIN_SENDS=${sms.SMS_GUARD_MIN_SENDS} is not below SMS_SENDS_PER_PREFIX_PER_HOUR=${sms.SMS_SENDS_PER_PREFIX_PER_HOUR}: the pumping guard can only pause a block of numbers once its budget is spent`,
    );
  }
  if (sms.SMS_GUARD_MIN_SENDS_COUNTRY >= sms.SMS_SENDS_PER_COUNTRY_PER_HOUR) {
    warnings.push(
      `SMS_GUARD_MIN_SENDS_COUNTRY=${sms.SMS_GUARD_MIN_SENDS_COUNTRY} is not below SMS_SENDS_PER_COUNTRY_PER_HOUR=${sms.SMS_SENDS_PER_COUNTRY_PER_HOUR}: the pumping guard can only pause a country once its budget is spent`,
    );
  }
  if (sms.SMS_COUNTRIES.length > 0 && !sms.SMS_COUNTRIES.some(callsWithPlusOne)) {
    warnings.push(
      `SMS_COUNTRIES=${sms.SMS_COUNTRIES.join(",")} names no +1 country: Flowroute reaches +1 numbers only, so no SMS will be sent`,
    );
  } else if (
    env.ALLOWED_COUNTRIES.length > 0 &&
    sms.SMS_COUNTRIES.length > 0 &&
    !sms.SMS_COUNTRIES.some((country) => env.ALLOWED_COUNTRIES.includes(country))
  ) {
    // SMS_COUNTRIES is US,CA unless set: a deploy for another +1 country must name it.
    warnings.push(
      `ALLOWED_COUNTRIES=${env.ALLOWED_COUNTRIES.join(",")} has none of SMS_COUNTRIES=${sms.SMS_COUNTRIES.join(",")}, so no SMS will be sent (SMS_COUNTRIES=* is every +1 country)`,
    );
  }
  if (sms.CODE_EXPIRATION > 600) {
    warnings.push(
      `CODE_EXPIRATION=${sms.CODE_EXPIRATION}s is above the 10 minutes NIST 800-63B allows`,
    );
  }
  return sms;
});

/** Whether numbers of `country` (ISO code) start +1, the only ones Flowroute reaches. */
function callsWithPlusOne(country: string): boolean {
  try {
    return getCountryCallingCode(country as CountryCode) === "1";
  } catch {
    return false; // not a country libphonenumber knows
  }
}
