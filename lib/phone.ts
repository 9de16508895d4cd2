import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";

// Shared by the browser (validation as you type; loaded after the page, so that its metadata
// stays out of the first load) and the server, so that both agree on what a valid number is
// and which countries are allowed. Why a number is refused is a reason; its words are the
// catalogue's `phone.errors`.

export type ParsedPhone = {
  e164: string; // "+12065550100"
  country: string | undefined;
  /** "+1 206 555 0100": formatted when read (a server that only stores the number never does). */
  readonly international: string;
};

export type PhoneProblem = "empty" | "characters" | "country" | "invalid" | "notAllowed";

export type PhoneResult = { ok: true; phone: ParsedPhone } | { ok: false; reason: PhoneProblem };

export function parsePhone(
  input: string,
  options: { country?: string; allowedCountries?: readonly string[] } = {},
): PhoneResult {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "empty" };
  if (text.length > 32 || !/^[\d\s()+.\-]+$/.test(text)) return { ok: false, reason: "characters" };
  const country = options.country?.toUpperCase();
  if (!text.startsWith("+") && !isKnownCountry(country)) return { ok: false, reason: "country" };
  const parsed = parsePhoneNumberFromString(
    text,
    text.startsWith("+") ? undefined : (country as CountryCode),
  );
  if (!parsed || !parsed.isValid()) return { ok: false, reason: "invalid" };
  const allowed = options.allowedCountries ?? [];
  const numberCountry = parsed.country;
  if (allowed.length > 0 && (!numberCountry || !allowed.includes(numberCountry))) {
    return { ok: false, reason: "notAllowed" };
  }
  return {
    ok: true,
    phone: {
      e164: parsed.number,
      country: numberCountry,
      get international() {
        return parsed.formatInternational();
      },
    },
  };
}

// Every status poll shows the number: parsing it each time was a sizeable share of a poll.
const formatted = new Map<string, string>();

export function formatPhone(e164: string): string {
  let display = formatted.get(e164);
  if (display === undefined) {
    display = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
    if (formatted.size >= 1000) formatted.clear();
    formatted.set(e164, display);
  }
  return display;
}

export type CountryOption = { code: string; name: string; callingCode: string };

/** The countries the picker offers: every country, or only the allowed ones. */
export function countryOptions(allowed: readonly string[] = [], locale = "en"): CountryOption[] {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  return getCountries()
    .filter((code) => allowed.length === 0 || allowed.includes(code))
    .map((code) => ({
      code,
      name: names.of(code) ?? code,
      callingCode: getCountryCallingCode(code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isKnownCountry(code: string | undefined): code is string {
  return code !== undefined && (getCountries() as string[]).includes(code);
}
