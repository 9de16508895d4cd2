import type { MethodDto } from "@/lib/core/dto";
import type { SmsReason } from "./reasons";

// The SMS method's part of the status DTO (`verification.sms`). Client-safe.

export type SmsDetails = {
  codeLength: number;
  attemptsLeft: number;
  /** Wrong codes entered for the current code: the page counts attempts left only after one. */
  wrongCodes: number;
  sendsLeft: number;
  /** When the next code may be asked for; null when no more can be sent. */
  resendAvailableAt: string | null;
  /** The SMS of the current code could not be sent. */
  lastSendFailed: boolean;
  /** The Flowroute emulator stands in for Flowroute: the simulated phone shows the SMS. */
  sandbox: boolean;
};

/** The status DTO of a sms verification. */
export type SmsDto = MethodDto<"sms", SmsReason, { sms: SmsDetails }>;

declare module "@/lib/core/dto" {
  interface MethodDtos {
    sms: SmsDto;
  }
}
