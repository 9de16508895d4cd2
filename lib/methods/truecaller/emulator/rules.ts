// The Truecaller emulator's directory (docs/providers.md#emulators): every valid number is a
// Truecaller user named Asha Rao, except numbers ending in these four digits. The suffixes
// do not clash with the SMS ones (lib/methods/sms/emulator/rules.ts). The README lists them.

export const truecallerNumberRules = {
  "1008": "not_user", // not a Truecaller user: 403 {"code":1008}; a deep link opens nothing
  "1009": "other_number", // the profile carries another number (the last four digits 0000)
  "1503": "request_unavailable", // the requests endpoint answers 503
  "1418": "request_hang", // the requests endpoint answers after 30 s: clients time out
  "1500": "profile_error", // the profile endpoint answers 500
  "1407": "profile_slow", // the profile answers after 4 s: after the callback's 3 s, within 8 s
  "1408": "profile_hang", // the profile answers after 30 s: clients time out
  "1201": "legacy_profile", // the 2017 shape: numbers as JSON numbers, onlineIdentity
  "1202": "no_last_name", // name.last missing
  "1203": "several_numbers", // two phoneNumbers, the number itself first
  "1204": "no_numbers", // phoneNumbers is empty
  "1206": "garbled_profile", // the profile answers 200 with HTML
} as const;

type TruecallerNumberRule = (typeof truecallerNumberRules)[keyof typeof truecallerNumberRules];

/** `number` is E.164 digits, with or without "+". */
export function truecallerRuleFor(number: string): TruecallerNumberRule | undefined {
  return truecallerNumberRules[number.slice(-4) as keyof typeof truecallerNumberRules];
}

const SANDBOX_PROFILE_NAME = { first: "Asha", last: "Rao" };

/** The profile the emulator serves for the user of `phone` (digits), in Truecaller's shapes. */
export function sandboxProfile(phone: string): Record<string, unknown> {
  const rule = truecallerRuleFor(phone);
  const own = rule === "other_number" ? `${phone.slice(0, -4)}0000` : phone;
  const identities = { email: "asha.rao@example.com", url: "https://example.com/asha" };
  if (rule === "legacy_profile") {
    // docs/providers.md#profile, the 2017 sample.
    return {
      name: SANDBOX_PROFILE_NAME,
      phoneNumbers: [Number(own)],
      onlineIdentity: identities,
      isActive: true,
      gender: "Female",
    };
  }
  // docs/providers.md#profile, the 2018 sample: strings everywhere.
  return {
    id: `tc-${own}`,
    userId: Number(own.slice(-9)),
    phoneNumbers:
      rule === "no_numbers" ? [] : rule === "several_numbers" ? [own, "919999999999"] : [own],
    name:
      rule === "no_last_name" ? { first: SANDBOX_PROFILE_NAME.first } : { ...SANDBOX_PROFILE_NAME },
    onlineIdentities: identities,
    addresses: [{ countryCode: "in", city: "Pune", street: "MG Road", zipcode: "411001" }],
    isActive: "True",
    gender: "Female",
    type: "Personal",
    badges: ["verified"],
    createdTime: "1379314068000",
    history: { name: { updateTime: "1508089888000" } },
  };
}
