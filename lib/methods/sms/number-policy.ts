import "server-only";
import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type NumberType,
  type PhoneNumber,
} from "libphonenumber-js/max";
import { words, type Words } from "@/lib/i18n/catalogue";
import { smsNumberTypes, smsSettings } from "./settings";

// Which numbers the SMS method sends to (docs/security.md#sending-limits). A code sent to a
// premium-rate, toll-free or international-network number earns the fraudster who owns it a
// share of what we pay, and Flowroute's Messaging API v2.1 delivers to 11-digit North American
// numbers only (docs/providers.md#messaging-api-v21). The full metadata tells the number's
// type; the browser's smaller metadata does not, so this runs on the server.

// The kinds of number the catalogue names when it refuses them (server.errors.smsType): every
// kind SMS_NUMBER_TYPES knows but the two that can be mobile.
type NamedType = Exclude<(typeof smsNumberTypes)[number], "MOBILE" | "FIXED_LINE_OR_MOBILE">;

const namedTypes: readonly string[] = smsNumberTypes.filter(
  (type) => type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE",
);

function isNamed(type: NumberType): type is NamedType {
  return namedTypes.includes(type ?? "");
}

// One send asks about its number several times (the policy, then the per-country budget and
// guard); parsing with the full metadata costs tens of microseconds each time, so the last few
// numbers' parses are kept. A parse depends on the number alone.
const recentParses = new Map<string, PhoneNumber | undefined>();
const RECENT_PARSES = 64;

function parseFull(e164: string): PhoneNumber | undefined {
  if (recentParses.has(e164)) return recentParses.get(e164);
  const number = parsePhoneNumberFromString(e164);
  if (recentParses.size >= RECENT_PARSES) recentParses.delete(recentParses.keys().next().value!);
  recentParses.set(e164, number);
  return number;
}

/**
 * Why no SMS goes to `e164`, in words a person understands; undefined when one may. The way on
 * follows the reason: "verify another way" only where another method could verify the number
 * here (`othersHere`); an app's session that allows SMS alone has none to offer.
 */
export function smsRefusal(e164: string, othersHere = true): Words | undefined {
  const sms = smsSettings.read();
  const number = parseFull(e164);
  if (!number?.isValid()) return words("server.errors.smsInvalid");
  const another = othersHere ? words("server.errors.smsWayOn.another") : undefined;
  const then = (reason: Words, wayOn = another): Words => ({ ...reason, then: wayOn });
  if (!number.country) return then(words("server.errors.smsInternational"));
  // Where SMS_COUNTRIES narrows the +1 countries, the refusal names the ones left: "the US,
  // Canada and other +1 countries" would promise Puerto Rico a code it does not send.
  const reached = smsCountries();
  if (sms.SMS_COUNTRIES.length > 0 && reached.length > 0 && !reached.includes(number.country)) {
    return then(words("server.errors.smsCountry", { countries: reached.join(", ") }));
  }
  if (number.countryCallingCode !== "1") return then(words("server.errors.smsPlusOne"));
  const type = number.getType();
  if (type && sms.SMS_NUMBER_TYPES.includes(type)) return undefined;
  const kind = type === undefined ? "UNKNOWN" : isNamed(type) ? type : "OTHER";
  const mobile = othersHere
    ? "server.errors.smsWayOn.mobile"
    : "server.errors.smsWayOn.mobileAlone";
  return then(words(`server.errors.smsType.${kind}`), words(mobile));
}

/**
 * The countries SMS goes to: +1 ones (Flowroute's v2.1), within SMS_COUNTRIES (in its order,
 * as the refusal names them) when set.
 */
export function smsCountries(): string[] {
  const allowed = smsSettings.read().SMS_COUNTRIES;
  // A code libphonenumber does not know (SMS_COUNTRIES checks only its form) is no country.
  const candidates =
    allowed.length > 0 ? allowed.filter((code) => isSupportedCountry(code)) : getCountries();
  return candidates.filter((code) => getCountryCallingCode(code) === "1");
}

/** The number less its last three digits: numbers handed out in one block share it. */
export function prefixOf(e164: string): string {
  return e164.slice(0, -3);
}

/** The number's country (ISO code), for the per-country budget. */
export function countryOf(e164: string): string {
  return parseFull(e164)?.country ?? `+${e164.slice(1, 4)}`;
}
