import type { Verification, VerificationMethod, VerificationStatus } from "@/lib/db/schema";
import { formatPhone } from "@/lib/phone";

/** What the status endpoint answers: never a row (no hashes, bindings or provider secrets). */
export type VerificationDto = {
  id: string;
  method: VerificationMethod;
  phone: string;
  phoneDisplay: string;
  status: VerificationStatus;
  reason: string | null;
  displayName: string | null;
  expiresAt: string;
  serverTime: string;
  /** Set by the browser when it receives the DTO (lib/queries.ts), for countdowns. */
  receivedAt?: number;
  sms?: SmsDetails;
  [method: string]: unknown;
};

export type SmsDetails = {
  codeLength: number;
  attemptsLeft: number;
  sendsLeft: number;
  resendAvailableAt: string | null;
  lastSendFailed: boolean;
};

export const terminalStatuses: VerificationStatus[] = ["approved", "rejected", "failed", "locked"];

export function baseDto(row: Verification, at: number): VerificationDto {
  return {
    id: row.id,
    method: row.method,
    phone: row.phone,
    phoneDisplay: formatPhone(row.phone),
    status: row.status,
    reason: row.statusReason,
    displayName: row.status === "approved" ? row.displayName : null,
    expiresAt: new Date(row.expiresAt).toISOString(),
    serverTime: new Date(at).toISOString(),
  };
}
