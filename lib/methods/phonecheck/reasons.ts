import "server-only";
import type { ReasonRule } from "@/lib/core/method";
import { endingsFor } from "@/lib/core/state-machine";

// Why a PhoneCheck did not verify the number: the codes in `verification.reason`, and whether
// a new check can help (`retry: false` where a new check of the same number cannot work
// either). Their words are the catalogue's `server.reasons.phonecheck`.

export const phonecheckReasons = {
  no_match: { retry: true },
  not_mobile_ip: { retry: true },
  ip_msisdn_mismatch: { retry: true },
  mno_not_supported: { retry: false },
  phone_format_invalid: { retry: false },
  rate_limited: { retry: true },
  provider_timeout: { retry: true },
  provider_error: { retry: true },
  check_error: { retry: true },
  timed_out: { retry: true },
  // Its session ended first (lib/core/endings.ts): nothing more can happen in it.
  session_ended: { retry: false },
} satisfies Record<string, ReasonRule>;

export type PhoneCheckReason = keyof typeof phonecheckReasons;

/** The state machine's endings, taking only these reasons. */
export const { reject, fail, endUnlessStateMovedOn } = endingsFor(phonecheckReasons);
