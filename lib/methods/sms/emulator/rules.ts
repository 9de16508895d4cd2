// The simulated phone's documented number rules: outcomes that tests and demos reach by
// choosing a number, without clicking. The README's "Sandbox" section lists them.

/** Flowroute emulator: what sending an SMS to a number ending in these digits does. */
export const smsNumberRules = {
  "0422": "undeliverable", // 422 Unprocessable Entity: the destination cannot receive SMS
  "0403": "forbidden", // 403 Forbidden
  "0429": "rate_limited", // 429 Too Many Requests, Retry-After: 7
  "0500": "server_error", // 500
  "0503": "unavailable", // 503
  "0408": "slow", // answers only after 15 s: clients time out first
  "0202": "malformed", // sent, then 202 with a body that is not JSON
} as const;

type SmsNumberRule = (typeof smsNumberRules)[keyof typeof smsNumberRules];

export function smsRuleFor(number: string): SmsNumberRule | undefined {
  return smsNumberRules[number.slice(-4) as keyof typeof smsNumberRules];
}
