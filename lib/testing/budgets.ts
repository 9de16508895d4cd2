// Settings for a server that the whole suite shares from one address: the abuse budgets (each
// tested on its own server or in the unit suites) out of the way.
export const generousBudgets = {
  SMS_SENDS_PER_IP_PER_HOUR: "100000",
  SMS_SENDS_PER_NETWORK_PER_HOUR: "100000",
  SMS_SENDS_PER_PREFIX_PER_HOUR: "100000",
  SMS_SENDS_PER_COUNTRY_PER_HOUR: "100000",
  SMS_SENDS_PER_HOUR: "1000000",
  SMS_SENDS_PER_DAY: "1000000",
  SMS_GUARD_MIN_SENDS: "100000",
  SMS_GUARD_MIN_SENDS_COUNTRY: "1000000",
  SMS_CHALLENGE: "off",
  PHONECHECK_STARTS_PER_IP_PER_HOUR: "100000",
  PHONECHECK_STARTS_PER_NETWORK_PER_HOUR: "100000",
  TRUECALLER_STARTS_PER_IP_PER_HOUR: "100000",
  TRUECALLER_STARTS_PER_NETWORK_PER_HOUR: "100000",
  // Flowroute's 5 messages a second: the suite's bursts are ours, not a fraudster's.
  FLOWROUTE_SANDBOX_RATE: "0",
  // A retried test prompts its number again at once (lib/methods/truecaller/limits.test.ts
  // holds the wait).
  TRUECALLER_PROMPT_INTERVAL: "0",
};
