import type { ReasonWords } from "@/lib/core/method";

// Why an SMS verification ended or could not go on: the codes in `verification.reason` and the
// words a person sees for them. Client-safe.

export const smsReasons = {
  send_failed: {
    title: "We could not send the SMS",
    text: "We could not send the SMS to this number. Check the number, resend the code, or choose another way.",
    retry: true,
  },
  too_many_attempts: {
    title: "Too many wrong codes",
    text: "This code can no longer be used. Ask for a new code to try again.",
    retry: true,
  },
  timed_out: {
    title: "The code expired",
    text: "This code has expired. Ask for a new one.",
    retry: true,
  },
} satisfies Record<string, ReasonWords>;

/** What a failed send tells the person, by what the provider said. */
export const sendFailureWords = {
  refused:
    "The SMS could not be delivered to this number. Check the number, or choose another method.",
  busy: "The SMS provider is busy. Wait a moment, then resend the code.",
  failed:
    "The SMS provider did not accept the message. Resend the code in a moment, or choose another method.",
};
