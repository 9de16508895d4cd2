import "server-only";
import { refusalOf, type Allowance } from "@/lib/core/limits";
import { sql } from "drizzle-orm";
import {
  eventsFrom,
  firstSlot,
  latestEventFrom,
  recordEvent,
  takeRateLimit,
  takeRateLimits,
  type Window,
} from "@/lib/db/rate-limits";
import { rateLimited } from "@/lib/errors";
import { refusal, words as said } from "@/lib/i18n/catalogue";
import { networkOf } from "@/lib/ip";
import { log } from "@/lib/log";
import { countryOf, prefixOf } from "./number-policy";
import { smsSettings } from "./settings";

// What an SMS may cost us (docs/security.md#sending-limits): budgets per client address and
// network, per number, per number prefix, per country and for all sends, each in the database
// so that every instance counts the same; and a guard that pauses SMS to a prefix or country
// whose codes mostly go unverified, the mark of SMS pumping.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const words = {
  network: refusal("server.errors.budgetNetwork", "server.errors.budgetNetworkAlone"),
  number: said("server.errors.budgetNumber"),
  block: refusal("server.errors.budgetBlock", "server.errors.budgetBlockAlone"),
  all: refusal("server.errors.budgetAll", "server.errors.budgetAllAlone"),
};

/**
 * The budgets one SMS to `phone` takes. `ip` is the asking client's (undefined: unknown, all
 * such share one budget); `keyed`: a server with an API key asks (the seed SMS API), whose
 * address is its own server's, not the person's.
 */
function sendAllowances(phone: string, ip: string | undefined, keyed = false): Allowance[] {
  const sms = smsSettings.read();
  const address = ip ?? "unknown";
  const perAddress: Allowance[] = keyed
    ? []
    : [
        {
          bucket: "sms_ip",
          key: address,
          limit: sms.SMS_SENDS_PER_IP_PER_HOUR,
          windowMs: HOUR,
          message: words.network,
        },
        {
          bucket: "sms_net",
          key: ip ? networkOf(ip) : address,
          limit: sms.SMS_SENDS_PER_NETWORK_PER_HOUR,
          windowMs: HOUR,
          message: words.network,
        },
      ];
  return [
    ...perAddress,
    {
      bucket: "sms_send",
      key: phone,
      limit: sms.SMS_SENDS_PER_PHONE_PER_HOUR,
      windowMs: HOUR,
      message: words.number,
    },
    {
      bucket: "sms_prefix",
      key: prefixOf(phone),
      limit: sms.SMS_SENDS_PER_PREFIX_PER_HOUR,
      windowMs: HOUR,
      message: words.block,
    },
    {
      bucket: "sms_country",
      key: countryOf(phone),
      limit: sms.SMS_SENDS_PER_COUNTRY_PER_HOUR,
      windowMs: HOUR,
      message: words.block,
    },
    {
      bucket: "sms_all",
      key: "hour",
      limit: sms.SMS_SENDS_PER_HOUR,
      windowMs: HOUR,
      message: words.all,
    },
    {
      bucket: "sms_all_day",
      key: "day",
      limit: sms.SMS_SENDS_PER_DAY,
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

/** What the pumping guard looks at before every send (gate.ts reads it in one statement). */
export type PausesSeen = {
  /** When the prefix's or country's pause began, if one is in force. */
  prefixPausedAt: number | null;
  countryPausedAt: number | null;
  /** Sends and verified codes of the last hour. */
  prefixSends: number;
  prefixVerified: number;
  countrySends: number;
  countryVerified: number;
};

/** What a start also looks at, for its early 429 and its challenge (read with PausesSeen). */
type StartSeen = PausesSeen & {
  /** Sends asked from the client's address, and from its network, in the last hour. */
  ipSends: number;
  netSends: number;
  /** Sends to the number, and of everyone, in the last hour; of everyone in the last day. */
  phoneSends: number;
  allSends: number;
  daySends: number;
  /** Starts let through without a challenge, from the address, its network and to the prefix, this hour. */
  ipFree: number;
  netFree: number;
  prefixFree: number;
};

/** The windows PausesSeen and StartSeen read, for `phone` asked from `ip` at `at` (placeholders of the read). */
export function sendsSeenWindows(phone: string, ip: string | undefined, at: number) {
  const sms = smsSettings.read();
  const pauseMs = sms.SMS_GUARD_PAUSE * 1000;
  const prefix = prefixOf(phone);
  const country = countryOf(phone);
  return {
    prefix,
    country,
    prefixPause: `prefix:${prefix}`,
    countryPause: `country:${country}`,
    ip: ip ?? "unknown",
    net: ip ? networkOf(ip) : "unknown",
    hourFrom: firstSlot(at, HOUR),
    dayFrom: firstSlot(at, DAY),
    pauseFrom: firstSlot(at, pauseMs),
    pauseSince: at - pauseMs,
  };
}

const seenPlaceholder = (name: keyof ReturnType<typeof sendsSeenWindows>) => sql.placeholder(name);

/** The fields of PausesSeen, as scalar subqueries on sendsSeenWindows's placeholders. */
export function pausesSeenFields() {
  const p = seenPlaceholder;
  return {
    prefixPausedAt: latestEventFrom(
      "sms_paused",
      p("prefixPause"),
      p("pauseFrom"),
      p("pauseSince"),
    ),
    countryPausedAt: latestEventFrom(
      "sms_paused",
      p("countryPause"),
      p("pauseFrom"),
      p("pauseSince"),
    ),
    prefixSends: eventsFrom("sms_prefix", p("prefix"), p("hourFrom")),
    prefixVerified: eventsFrom("sms_verified_prefix", p("prefix"), p("hourFrom")),
    countrySends: eventsFrom("sms_country", p("country"), p("hourFrom")),
    countryVerified: eventsFrom("sms_verified_country", p("country"), p("hourFrom")),
  };
}

/** The fields StartSeen adds to PausesSeen, as scalar subqueries on the same placeholders. */
export function startSeenFields() {
  const p = seenPlaceholder;
  return {
    ipSends: eventsFrom("sms_ip", p("ip"), p("hourFrom")),
    netSends: eventsFrom("sms_net", p("net"), p("hourFrom")),
    // The number itself: every read of the gate binds it as "phone" (gate.ts).
    phoneSends: eventsFrom("sms_send", sql.placeholder("phone"), p("hourFrom")),
    allSends: eventsFrom("sms_all", "hour", p("hourFrom")),
    daySends: eventsFrom("sms_all_day", "day", p("dayFrom")),
    ipFree: eventsFrom("sms_free_ip", p("ip"), p("hourFrom")),
    netFree: eventsFrom("sms_free_net", p("net"), p("hourFrom")),
    prefixFree: eventsFrom("sms_free_prefix", p("prefix"), p("hourFrom")),
  };
}

/**
 * Refuses SMS to a prefix or country that is paused, and pauses one whose last hour holds
 * enough sends and too few verified codes. Only SMS stops: the other methods stay open.
 */
export async function assertNotPaused(phone: string, at: number, seen: PausesSeen): Promise<void> {
  const pauseMs = smsSettings.read().SMS_GUARD_PAUSE * 1000;
  for (const scope of guardScopes(phone, seen)) {
    let since = scope.pausedAt ?? undefined;
    if (since === undefined && pumping(scope)) {
      await pause(scope, at);
      since = at;
    }
    if (since !== undefined) {
      throw rateLimited(
        refusal("server.errors.paused", "server.errors.pausedAlone"),
        (since + pauseMs - at) / 1000,
        "paused",
      );
    }
  }
}

type GuardScope = {
  name: "prefix" | "country";
  key: string;
  /** The budget bucket that counts its sends (sendAllowances). */
  bucket: "sms_prefix" | "sms_country";
  pausedAt: number | null;
  sends: number;
  verified: number;
};

function guardScopes(phone: string, seen: PausesSeen): GuardScope[] {
  return [
    {
      name: "prefix",
      key: prefixOf(phone),
      bucket: "sms_prefix",
      pausedAt: seen.prefixPausedAt,
      sends: seen.prefixSends,
      verified: seen.prefixVerified,
    },
    {
      name: "country",
      key: countryOf(phone),
      bucket: "sms_country",
      pausedAt: seen.countryPausedAt,
      sends: seen.countrySends,
      verified: seen.countryVerified,
    },
  ];
}

async function pause(scope: GuardScope, at: number): Promise<void> {
  const sms = smsSettings.read();
  const pauseMs = sms.SMS_GUARD_PAUSE * 1000;
  // Recorded and said once per pause, however many starts of a burst run into it at once.
  const first = await takeRateLimit("sms_paused", `${scope.name}:${scope.key}`, 1, pauseMs, at);
  if (!first.allowed) return;
  log.warn("sms paused: most codes sent here go unverified", {
    [scope.name]: scope.key,
    pauseSeconds: sms.SMS_GUARD_PAUSE,
  });
}

/**
 * The pumping rule: at least SMS_GUARD_MIN_SENDS sends in the hour (…_COUNTRY for a country)
 * and fewer than SMS_GUARD_MIN_VERIFIED_PERCENT of them verified. Written as the number of
 * sends a scope may have had for one more to go (undefined: no limit), so that the take counts
 * it with the budgets in one statement (a read alone let a burst through whole: every start of
 * it saw the sends before the burst) and the read asks the same rule (pumping).
 */
function guardLimit(scope: Pick<GuardScope, "name" | "verified">): number | undefined {
  const sms = smsSettings.read();
  const percent = sms.SMS_GUARD_MIN_VERIFIED_PERCENT;
  if (percent === 0) return undefined;
  const enough =
    scope.name === "prefix" ? sms.SMS_GUARD_MIN_SENDS : sms.SMS_GUARD_MIN_SENDS_COUNTRY;
  // Not pumping: sends < enough, or sends * percent <= verified * 100.
  return Math.max(enough, Math.floor((scope.verified * 100) / percent) + 1);
}

function pumping(scope: GuardScope): boolean {
  const limit = guardLimit(scope);
  return limit !== undefined && scope.sends >= limit;
}

/**
 * Takes the budgets of one SMS to `phone` (sendAllowances) and the pumping guard's limits, all
 * or none, in one statement: N sends at once get no further than one by one would. A send the
 * guard stops pauses its prefix or country, as assertNotPaused does.
 */
export async function takeSendBudgets(
  phone: string,
  caller: { ip?: string; keyed?: boolean },
  seen: PausesSeen,
  at: number,
): Promise<void> {
  const budgets = sendAllowances(phone, caller.ip, caller.keyed);
  const guards = guardScopes(phone, seen).flatMap((scope) => {
    const limit = guardLimit(scope);
    return limit === undefined
      ? []
      : [{ scope, bucket: scope.bucket, key: scope.key, limit, windowMs: HOUR }];
  });
  const result = await takeRateLimits([...budgets, ...guards], at);
  if (result.allowed) return;
  const guard = guards.find((window) => result.refused.includes(window));
  if (guard) {
    await pause(guard.scope, at);
    throw rateLimited(
      refusal("server.errors.paused", "server.errors.pausedAlone"),
      smsSettings.read().SMS_GUARD_PAUSE,
      "paused",
    );
  }
  throw refusalOf(budgets, result);
}

/**
 * The budgets of sendAllowances that what was seen already shows full: a start that would be
 * refused by them anyway is refused before it is asked for a challenge or spends one.
 */
export function spentBudgets(phone: string, ip: string | undefined, seen: StartSeen): Allowance[] {
  const used: Record<string, number> = {
    sms_ip: seen.ipSends,
    sms_net: seen.netSends,
    sms_send: seen.phoneSends,
    sms_prefix: seen.prefixSends,
    sms_country: seen.countrySends,
    sms_all: seen.allSends,
    sms_all_day: seen.daySends,
  };
  return sendAllowances(phone, ip).filter(
    (allowance) => allowance.bucket in used && used[allowance.bucket]! >= allowance.limit,
  );
}

/**
 * Whether a start needs a solved challenge first (SMS_CHALLENGE). With `auto`, each client
 * address, each network (an IPv4 /24, an IPv6 /64: a client of an IPv6 network has more
 * addresses than it could ever use) and each number prefix gets SMS_CHALLENGE_AFTER starts an
 * hour without one: taken and counted in one statement, so that starts sent all at once get no
 * more than that between them. What was seen only spares that statement once the allowance is
 * plainly spent.
 */
export async function challengeNeeded(
  phone: string,
  ip: string | undefined,
  at: number,
  seen: StartSeen,
): Promise<boolean> {
  const sms = smsSettings.read();
  if (sms.SMS_CHALLENGE !== "auto") return sms.SMS_CHALLENGE === "always";
  const after = sms.SMS_CHALLENGE_AFTER;
  if (seen.ipFree >= after || seen.netFree >= after || seen.prefixFree >= after) return true;
  const free: Window[] = [
    { bucket: "sms_free_ip", key: ip ?? "unknown", limit: after, windowMs: HOUR },
    { bucket: "sms_free_net", key: ip ? networkOf(ip) : "unknown", limit: after, windowMs: HOUR },
    { bucket: "sms_free_prefix", key: prefixOf(phone), limit: after, windowMs: HOUR },
  ];
  return !(await takeRateLimits(free, at)).allowed;
}
