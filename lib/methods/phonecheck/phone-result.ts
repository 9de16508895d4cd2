import "server-only";
import type { Caller } from "@/lib/core/caller";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { formatPhone } from "@/lib/phone";
import type { VerificationStatus } from "@/lib/verification-status";
import { whoIs } from "./handoff";
import { describe } from "@/lib/core/status";
import { phonecheckMethod } from "./handler";
import type { PhoneCheckReason } from "./reasons";

// What the phone's result page (/phone-check/done) shows: only to the browsers the check is
// bound to, like every other view of it.

export type PhoneResult = {
  status: VerificationStatus;
  phone: string;
  /** Why it ended without verifying the number; null: pending, verified, or unexplained. */
  reason: PhoneCheckReason | null;
  /**
   * The status view's title for how it ended, in the phone's language. Its text is not here:
   * it tells the computer's person what to do there, and the phone says that its own way.
   */
  title: string | null;
};

export async function phoneResult(caller: Caller, id: string): Promise<PhoneResult | undefined> {
  const row: Verification | undefined = id.length <= 64 ? await findVerification(id) : undefined;
  if (!row || row.method !== "phonecheck" || !whoIs(caller, row)) return undefined;
  const { reason, message } = describe(phonecheckMethod, row, caller.locale);
  return {
    status: row.status,
    phone: formatPhone(row.phone),
    reason,
    title: message?.title ?? null,
  };
}
