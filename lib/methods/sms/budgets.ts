import "server-only";
import type { Allowance } from "@/lib/core/limits";
import { countEvents, lastEventAt, recordEvent } from "@/lib/db/rate-limits";
import { getEnv } from "@/lib/env";
import { rateLimited } from "@/lib/errors";
import { words as said } from "@/lib/i18n/catalogue";
import { networkOf } from "@/lib/ip";
import { log } from "@/lib/log";
import { countryOf, prefixOf } from "./number-policy";

// What an SMS may cost us (docs/security.md#sending-limits): budgets per client address and
// network, per number, per number prefix, per country and for all sends, each in the database
// so that every instance counts the same; and a guard that pauses SMS to a prefix or country
// whose codes mostly go unverified, the mark of SMS pumping.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const words = {
  network: said("server.errors.budgetNetwork"),
  number: said("server.errors.budgetNumber"),
  block: said("server.errors.budgetBlock"),
  all: said("server.errors.budgetAll"),
};

/**
 * The budgets one SMS to `phone` takes. `ip` is the asking client's (undefined: unknown, all
 * such share one budget); `keyed`: a server with an API key asks (the seed SMS API), whose
 * address is its own server's, not the person's.
 */
export function sendAllowances(phone: string, ip: string | undefined, keyed = false): Allowance[] {
  const env = getEnv();
  const address = ip ?? "unknown";
  const perAddress: Allowance[] = keyed
    ? []
    : [
        {
          bucket: "sms_ip",
          key: address,
          limit: env.SMS_SENDS_PER_IP_PER_HOUR,
          windowMs: HOUR,
          message: words.network,
        },
        {
          bucket: "sms_net",
          key: ip ? networkOf(ip) : address,
          limit: env.SMS_SENDS_PER_NETWORK_PER_HOUR,
          windowMs: HOUR,
          message: words.network,
        },
      ];
  return [
    ...perAddress,
    {
      bucket: "sms_send",
      key: phone,
      limit: env.SMS_SENDS_PER_PHONE_PER_HOUR,
      windowMs: HOUR,
      message: words.number,
    },
    {
      bucket: "sms_prefix",
      key: prefixOf(phone),
      limit: env.SMS_SENDS_PER_PREFIX_PER_HOUR,
      windowMs: HOUR,
      message: words.block,
    },
    {
      bucket: "sms_country",
      key: countryOf(phone),
      limit: env.SMS_SENDS_PER_COUNTRY_PER_HOUR,
      windowMs: HOUR,
      message: words.block,
    },
    {
      bucket: "sms_all",
      key: "hour",
      limit: env.SMS_SENDS_PER_HOUR,
      windowMs: HOUR,
      message: words.all,
    },
    {
      bucket: "sms_all_day",
      key: "day",
      limit: env.SMS_SENDS_PER_DAY,
      windowMs: DAY,
      message: words.all,
    },
  ];
}

/** A code of this number was verified: what the guard counts against the sends. */
export async function recordConversion(phone: string, at: number): Promise<void> {
  await recordEvent("sms_verified_prefix", prefixOf(phone), HOUR, at);
  await recordEvent("sms_verified_country", countryOf(phone), HOUR, at);
}

/**
 * Refuses SMS to a prefix or country that is paused, and pauses one whose last hour holds
 * enough sends and too few verified codes. Only SMS stops: the other methods stay open.
 */
export async function assertNotPaused(phone: string, at: number): Promise<void> {
  const env = getEnv();
  const pauseMs = env.SMS_GUARD_PAUSE * 1000;
  for (const [scope, key] of [
    ["prefix", prefixOf(phone)],
    ["country", countryOf(phone)],
  ] as const) {
    const name = `${scope}:${key}`;
    let since = await lastEventAt("sms_paused", name, pauseMs, at);
    if (since === undefined && (await pumping(scope, key, at))) {
      await recordEvent("sms_paused", name, pauseMs, at);
      log.warn("sms paused: most codes sent here go unverified", {
        [scope]: key,
        pauseSeconds: env.SMS_GUARD_PAUSE,
      });
      since = at;
    }
    if (since !== undefined) {
      throw rateLimited(said("server.errors.paused"), (since + pauseMs - at) / 1000);
    }
  }
}

async function pumping(scope: "prefix" | "country", key: string, at: number): Promise<boolean> {
  const env = getEnv();
  const sends = await countEvents(scope === "prefix" ? "sms_prefix" : "sms_country", key, HOUR, at);
  const enough = scope === "prefix" ? env.SMS_GUARD_MIN_SENDS : env.SMS_GUARD_MIN_SENDS_COUNTRY;
  if (sends < enough) return false;
  const verified = await countEvents(`sms_verified_${scope}`, key, HOUR, at);
  return verified * 100 < sends * env.SMS_GUARD_MIN_VERIFIED_PERCENT;
}

/** Whether a send to `phone` from `ip` needs a solved challenge first (SMS_CHALLENGE). */
export async function challengeNeeded(phone: string, ip: string | undefined, at: number) {
  const env = getEnv();
  if (env.SMS_CHALLENGE !== "auto") return env.SMS_CHALLENGE === "always";
  const after = env.SMS_CHALLENGE_AFTER;
  return (
    (await countEvents("sms_ip", ip ?? "unknown", HOUR, at)) >= after ||
    (await countEvents("sms_prefix", prefixOf(phone), HOUR, at)) >= after
  );
}
