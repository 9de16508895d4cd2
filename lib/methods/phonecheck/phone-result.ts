import "server-only";
import { findVerification } from "@/lib/db/verifications";
import type { VerificationStatus } from "@/lib/db/schema";
import { formatPhone } from "@/lib/phone";
import { phoneCheckMessage } from "./details";
import { whoIs } from "./handoff";

// What the phone's result page (/phone-check/done) shows: only to the browsers the check is
// bound to, like every other view of it.

export type PhoneResult = { status: VerificationStatus; phone: string; message: string | null };

export async function phoneResult(
  cookieHeader: string,
  id: string,
): Promise<PhoneResult | undefined> {
  const row = id.length <= 64 ? await findVerification(id) : undefined;
  if (!row || row.method !== "phonecheck") return undefined;
  const request = new Request("http://phone.invalid/", { headers: { cookie: cookieHeader } });
  if (!whoIs(request, row)) return undefined;
  return {
    status: row.status,
    phone: formatPhone(row.phone),
    message: row.status === "approved" ? null : phoneCheckMessage(row.statusReason),
  };
}
