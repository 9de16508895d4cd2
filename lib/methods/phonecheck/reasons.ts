import type { ReasonWords } from "@/lib/core/method";

// Why a PhoneCheck did not verify the number: the codes in `verification.reason` and the words
// a person sees for them. `retry: false` where a new check of the same number cannot work
// either. Client-safe.

export const phonecheckReasons = {
  no_match: {
    title: "No match for this number",
    text: "Your mobile operator says the phone that opened the check does not have this number's SIM. Check the number, or verify by SMS instead.",
    retry: true,
  },
  not_mobile_ip: {
    title: "The check did not run over mobile data",
    text: "The check did not run over mobile data. Turn off Wi-Fi on the phone and try again, or verify by SMS instead.",
    retry: true,
  },
  ip_msisdn_mismatch: {
    title: "The mobile data check did not work",
    text: "The phone's data connection belongs to another number. Use the phone with this SIM, with Wi-Fi off, or verify by SMS instead.",
    retry: true,
  },
  mno_not_supported: {
    title: "The mobile data check did not work",
    text: "This number's mobile operator does not support the mobile data check. Verify by SMS instead.",
    retry: false,
  },
  phone_format_invalid: {
    title: "The mobile data check did not work",
    text: "This number cannot be checked over mobile data. Verify by SMS instead.",
    retry: false,
  },
  rate_limited: {
    title: "The mobile data check did not work",
    text: "The mobile data check is busy right now. Try again in a moment, or verify by SMS instead.",
    retry: true,
  },
  provider_timeout: {
    title: "The mobile data check did not work",
    text: "The mobile data check did not answer in time. Try again, or verify by SMS instead.",
    retry: true,
  },
  provider_error: {
    title: "The mobile data check did not work",
    text: "The mobile data check is not available right now. Try again, or verify by SMS instead.",
    retry: true,
  },
  check_error: {
    title: "The mobile data check did not work",
    text: "The mobile operator could not complete the check. Try again, or verify by SMS instead.",
    retry: true,
  },
  timed_out: {
    title: "The check expired",
    text: "The check expired before the phone finished it. Start a new one, or verify by SMS.",
    retry: true,
  },
} satisfies Record<string, ReasonWords>;

type PhoneCheckReason = keyof typeof phonecheckReasons;

/** The words for `reason`, the generic provider failure for a reason we do not know. */
export function phonecheckWords(reason: string): ReasonWords {
  return phonecheckReasons[reason as PhoneCheckReason] ?? phonecheckReasons.provider_error;
}
