import type { ReasonWords } from "@/lib/core/method";

// Why a Truecaller verification ended as it did: the codes in `verification.reason` and the
// words a person sees for them. Client-safe.

const somethingWrong = {
  title: "Truecaller could not confirm your number",
  text: "Something went wrong between us and Truecaller. Try again, or get a code by SMS.",
  retry: true,
};

export const truecallerReasons = {
  not_truecaller_user: {
    title: "This number is not on Truecaller",
    text: "There is no Truecaller account for this number, so Truecaller cannot confirm it.",
    retry: false,
  },
  user_rejected: {
    title: "You declined in Truecaller",
    text: "The request was declined on the phone, so the number is not verified.",
    retry: true,
  },
  use_another_number: {
    title: "You chose to use another number",
    text: "Start again with the other number, or verify this one with a code by SMS.",
    retry: false,
  },
  profile_mismatch: {
    title: "Truecaller answered for a different number",
    text: "The Truecaller account that approved belongs to another number, so this one is not verified.",
    retry: false,
  },
  timed_out: {
    title: "The request timed out",
    text: "Truecaller did not hear back from the phone in time.",
    retry: true,
  },
  profile_error: somethingWrong,
  profile_timeout: somethingWrong,
  token_rejected: somethingWrong,
  untrusted_endpoint: somethingWrong,
  provider_error: somethingWrong,
  provider_timeout: somethingWrong,
} satisfies Record<string, ReasonWords>;

export type TruecallerReason = keyof typeof truecallerReasons;
