// The statuses a verification can have (one state machine for every method:
// lib/core/state-machine.ts). Client-safe: the browser's polling stops on the final ones.

export const verificationStatuses = [
  "pending",
  "approved",
  "rejected",
  "expired",
  "failed",
  "locked",
] as const;

export type VerificationStatus = (typeof verificationStatuses)[number];

/** Statuses a verification does not leave by itself (a resend can reopen an expired SMS code). */
const finalStatuses: readonly VerificationStatus[] = [
  "approved",
  "rejected",
  "expired",
  "failed",
  "locked",
];

export function isFinal(status: VerificationStatus): boolean {
  return finalStatuses.includes(status);
}
