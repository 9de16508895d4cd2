import "server-only";
import type { ReasonRule } from "@/lib/core/method";
import { endingsFor } from "@/lib/core/state-machine";

// Why a Truecaller verification ended as it did: the codes in `verification.reason`, and
// whether asking Truecaller again can help. Their words are the catalogue's
// `server.reasons.truecaller`; every failure between us and Truecaller says the same.

const somethingWrong = { retry: true, words: "failed" };

export const truecallerReasons = {
  not_truecaller_user: { retry: false },
  user_rejected: { retry: true },
  use_another_number: { retry: false },
  profile_mismatch: { retry: false },
  timed_out: { retry: true },
  // A push the person went on from, with the deep link on the phone in hand (handler.ts).
  replaced: { retry: false },
  // Its session ended first (lib/core/endings.ts): nothing more can happen in it.
  session_ended: { retry: false },
  profile_error: somethingWrong,
  profile_timeout: somethingWrong,
  token_rejected: somethingWrong,
  untrusted_endpoint: somethingWrong,
  provider_error: somethingWrong,
  provider_timeout: somethingWrong,
} satisfies Record<string, ReasonRule>;

export type TruecallerReason = keyof typeof truecallerReasons;

/** The state machine's endings, taking only these reasons. */
export const { reject, fail, endUnlessStateMovedOn } = endingsFor(truecallerReasons);
