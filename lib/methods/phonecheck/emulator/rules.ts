// The tru.ID emulator's number rules. By default it follows tru.ID's own sandbox
// (developer.tru.id/docs/sandbox; docs/providers.md#sandbox-rules): once the check URL is opened, a number
// whose last digit is even matches, odd does not, and "…99" ends in ERROR. Numbers ending in the
// four digits below do something else instead. They do not clash with the SMS suffixes
// (lib/methods/sms/emulator/rules.ts) nor Truecaller's (1xxx). The README lists them.

/** What POST /phone_check/{version}/checks answers for a number ending in these digits. */
const truidCreateRules = {
  "7400": "mno_not_supported", // 400 mno_not_supported: tru.ID cannot reach the operator
  "7409": "ip_msisdn_mismatch", // 409 ip_msisdn_mismatch
  "7412": "not_mobile_ip", // 412 not_mobile_ip (as when tru.ID knows the device is on Wi-Fi)
  "7429": "rate_limited", // 429 too_many_requests, Retry-After: 30
  "7500": "server_error", // 500
  "7503": "unavailable", // 503
  "7408": "slow", // answers after 15 s: clients time out first
  "7202": "malformed", // 201 with a body that is not JSON
  "7201": "not_accepted", // 201 whose status is ERROR, not ACCEPTED: the check was not created
} as const;

/** What opening the check URL does for a number ending in these digits. */
const truidVisitRules = {
  "8412": "not_mobile_ip", // 412 at the check URL (the phone is on Wi-Fi); the check ends in ERROR
  "8400": "mno_not_supported", // 400 at the check URL; the check ends in ERROR
  "8409": "ip_msisdn_mismatch", // 409 at the check URL: another SIM's data session; ERROR
  "8501": "mno_redirect_unsupported", // 501 at the check URL: the operator cannot redirect; ERROR
} as const;

/** What the operator's hop does for a number ending in these digits, after the check URL. */
const truidOperatorRules = {
  // v0.2: the journey ends with error=mno_redirect_unsupported (in redirect_url's query, or the
  // JSON); v0.1: the hop answers 501. The check ends in ERROR.
  "8302": "redirect_error",
  // The operator never answers: the check stays PENDING until its ttl makes it EXPIRED.
  "8408": "timeout",
} as const;

type TruidCreateRule = (typeof truidCreateRules)[keyof typeof truidCreateRules];
type TruidVisitRule = (typeof truidVisitRules)[keyof typeof truidVisitRules];
type TruidOperatorRule = (typeof truidOperatorRules)[keyof typeof truidOperatorRules];

/** `number` is E.164 digits, with or without "+". */
export function truidCreateRuleFor(number: string): TruidCreateRule | undefined {
  return truidCreateRules[number.slice(-4) as keyof typeof truidCreateRules];
}

export function truidVisitRuleFor(number: string): TruidVisitRule | undefined {
  return truidVisitRules[number.slice(-4) as keyof typeof truidVisitRules];
}

export function truidOperatorRuleFor(number: string): TruidOperatorRule | undefined {
  return truidOperatorRules[number.slice(-4) as keyof typeof truidOperatorRules];
}

/** tru.ID's sandbox outcome once the operator has seen the data session. */
export function truidOutcomeFor(number: string): "match" | "no_match" | "error" {
  if (number.endsWith("99")) return "error";
  return Number(number.slice(-1)) % 2 === 0 ? "match" : "no_match";
}
