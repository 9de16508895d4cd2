import "server-only";
import { parsePhoneNumberFromString, type NumberType } from "libphonenumber-js/max";
import { getEnv } from "@/lib/env";

// Which numbers the SMS method sends to (docs/security.md#sending-limits). A code sent to a
// premium-rate, toll-free or international-network number earns the fraudster who owns it a
// share of what we pay, and Flowroute's Messaging API v2.1 delivers to 11-digit North American
// numbers only (docs/providers.md#messaging-api-v21). The full metadata tells the number's
// type; the browser's smaller metadata does not, so this runs on the server.

const typeWords: Partial<Record<NonNullable<NumberType>, string>> = {
  FIXED_LINE: "a landline",
  PREMIUM_RATE: "a premium-rate number",
  TOLL_FREE: "a toll-free number",
  SHARED_COST: "a shared-cost number",
  VOIP: "an internet (VoIP) number",
  PERSONAL_NUMBER: "a personal (forwarding) number",
  PAGER: "a pager",
  UAN: "a company's universal access number",
  VOICEMAIL: "a voicemail access number",
};

/** Why no SMS goes to `e164`, in words a person understands; undefined when one may. */
export function smsRefusal(e164: string): string | undefined {
  const env = getEnv();
  const number = parsePhoneNumberFromString(e164);
  if (!number?.isValid()) return "This is not a valid phone number.";
  if (!number.country) {
    return "This number belongs to an international network (satellite or similar), which cannot receive our SMS. Verify another way.";
  }
  if (number.countryCallingCode !== "1") {
    return "Codes by SMS go only to numbers in the US, Canada and other +1 countries here. Verify another way.";
  }
  if (env.SMS_COUNTRIES.length > 0 && !env.SMS_COUNTRIES.includes(number.country)) {
    return "Codes by SMS are not sent to numbers of this country here. Verify another way.";
  }
  const type = number.getType();
  if (type && env.SMS_NUMBER_TYPES.includes(type)) return undefined;
  const what = type ? (typeWords[type] ?? "a number of another kind") : "a number of unknown kind";
  return `This is ${what}, which cannot receive verification codes by SMS. Use a mobile number, or verify another way.`;
}

/** The number less its last three digits: numbers handed out in one block share it. */
export function prefixOf(e164: string): string {
  return e164.slice(0, -3);
}

/** The number's country (ISO code), for the per-country budget. */
export function countryOf(e164: string): string {
  return parsePhoneNumberFromString(e164)?.country ?? `+${e164.slice(1, 4)}`;
}
