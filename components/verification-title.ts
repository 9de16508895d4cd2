import type { VerificationDto } from "@/lib/core/dto";
import type { ClientMessages } from "@/lib/i18n/catalogue";
import { format } from "@/lib/i18n/format";

/**
 * The status view's title, which says the state as its heading does: a tab, a history entry
 * or a screen reader's list of windows shows "Number verified" once it is, not the method's
 * invitation. The page renders it with the first state; the status view keeps it in step.
 */
export function verificationTitle(t: ClientMessages, verification: VerificationDto): string {
  if (verification.status === "approved") return t.status.titleVerified;
  if (shownAsEnded(verification) && verification.message) {
    return format(t.status.titleEnded, { reason: verification.message.title });
  }
  return format(t.status.titlePending, { method: t.methods[verification.method].title });
}

/**
 * Whether the status view shows the verification's ending (its reason's title as the heading):
 * once it ended, and while its reason halts it though it is pending (an SMS that could not be
 * sent leaves nothing to type, and waits only for a resend).
 */
export function shownAsEnded(verification: VerificationDto): boolean {
  if (verification.status === "pending") return verification.halted;
  return verification.status !== "approved";
}
