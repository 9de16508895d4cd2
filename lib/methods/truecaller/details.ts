// The Truecaller method's fields in the status DTO (`verification.truecaller`). Never the
// access token; the deep link and the requestId only ever go to the browser that started it.

export type TruecallerFlow = "push" | "deeplink";

export type TruecallerDetails = {
  /** push: flow A, a prompt pushed to the number's Truecaller app; deeplink: flow B (Android). */
  flow: TruecallerFlow;
  /** Flow A: Truecaller's requestId, the poll key of the guide's GET /auth/true-sdk. */
  requestId: string | null;
  /** Flow B, while pending: the truecallersdk:// link to open on this phone. */
  deepLink: string | null;
  /** The Truecaller emulator stands in for Truecaller: the simulated phone gets the prompts. */
  sandbox: boolean;
};

/** Why a Truecaller verification ended as it did (`verification.reason`). */
export type TruecallerReason =
  | "not_truecaller_user"
  | "user_rejected"
  | "use_another_number"
  | "profile_mismatch"
  | "profile_error"
  | "profile_timeout"
  | "token_rejected"
  | "untrusted_endpoint"
  | "provider_error"
  | "provider_timeout"
  | "timed_out";
