// The PhoneCheck part of the status DTO (`verification.phonecheck`) and what each reason tells
// the person. Shared by the server, the browser and the guide's API: no server-only imports.

export type PhoneCheckDetails = {
  version: "v0.1" | "v0.2";
  /** The check's lifetime at tru.ID; the verification expires with it. */
  ttlSeconds: number;
  /** Our one-time link that opens the check on a phone (only while the check is open). */
  openUrl: string | null;
  /** A phone has opened `openUrl` (desktop flow): the result is on its way. */
  phoneOpened: boolean;
  /** What went wrong, in words, for a check that did not verify the number. */
  message: string | null;
  /** Whether starting a new check may work (false when this number cannot be checked this way). */
  retryable: boolean;
  retryAfterSeconds: number | null;
  /** The tru.ID emulator stands in for tru.ID: the simulated phone lists the check. */
  sandbox: boolean;
};

const messages: Record<string, string> = {
  no_match:
    "Your mobile operator says the phone that opened the check does not have this number's SIM. Check the number, or verify by SMS instead.",
  not_mobile_ip:
    "The check did not run over mobile data. Turn off Wi-Fi on the phone and try again, or verify by SMS instead.",
  ip_msisdn_mismatch:
    "The phone's data connection belongs to another number. Use the phone with this SIM, with Wi-Fi off, or verify by SMS instead.",
  mno_not_supported:
    "This number's mobile operator does not support the mobile data check. Verify by SMS instead.",
  phone_format_invalid: "This number cannot be checked over mobile data. Verify by SMS instead.",
  rate_limited:
    "The mobile data check is busy right now. Try again in a moment, or verify by SMS instead.",
  provider_timeout:
    "The mobile data check did not answer in time. Try again, or verify by SMS instead.",
  provider_error:
    "The mobile data check is not available right now. Try again, or verify by SMS instead.",
  check_error:
    "The mobile operator could not complete the check. Try again, or verify by SMS instead.",
  timed_out: "The check expired before the phone finished it. Start a new one, or verify by SMS.",
};

/** Reasons after which a new check of the same number cannot work either. */
const FINAL_REASONS = new Set(["mno_not_supported", "phone_format_invalid"]);

export function phoneCheckMessage(reason: string | null): string | null {
  if (reason === null) return null;
  return messages[reason] ?? messages.provider_error!;
}

export function phoneCheckRetryable(reason: string | null): boolean {
  return reason === null || !FINAL_REASONS.has(reason);
}
