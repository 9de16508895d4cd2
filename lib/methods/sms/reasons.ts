import type { ReasonRule } from "@/lib/core/method";

// Why an SMS verification ended or could not go on: the codes in `verification.reason`, and
// whether a new code can help. Their words are the catalogue's `server.reasons.sms`.

export const smsReasons = {
  // The provider refused the number (it may not take texts): another method is likelier to work.
  // Nothing went out, so there is no code to type: the verification waits only for a resend.
  send_refused: { retry: true, halts: true },
  // The provider failed otherwise (an error, busy, unreachable): nothing went out; a new code
  // may go, once the provider is back.
  send_failed: { retry: true, halts: true },
  // The provider did not answer whether it took the SMS (a timeout): it may still arrive, and
  // its code works; a new one waits for the cooldown, as after a send that went out.
  send_unconfirmed: { retry: true },
  too_many_attempts: { retry: true },
  timed_out: { retry: true },
  // Its session ended first (lib/core/endings.ts): nothing more can happen in it.
  session_ended: { retry: false },
} satisfies Record<string, ReasonRule>;

export type SmsReason = keyof typeof smsReasons;

/** Whether `reason` says no SMS went out (the reasons that halt): there is no code to type. */
export function noCodeWentOut(reason: string | null): boolean {
  if (reason === null || !Object.hasOwn(smsReasons, reason)) return false;
  const rule: ReasonRule = smsReasons[reason as SmsReason];
  return rule.halts === true;
}
