import "server-only";
import type { Verification, VerificationMethod } from "@/lib/db/schema";
import type { ParsedPhone } from "@/lib/phone";
import { smsMethod } from "./sms/handler";
import { truecallerMethod } from "./truecaller/handler";
import { phoneCheckMethod } from "./phonecheck/handler";

/**
 * What each method plugs into the shared core: how it starts, how a poll refreshes a pending
 * verification (asking the provider when it has to), and its own fields in the status DTO.
 */
export type MethodHandler = {
  /** Whether the method can run now (credentials, or the sandbox). */
  available(): boolean;
  start(input: { phone: ParsedPhone; bindingHash: string; request: Request }): Promise<StartResult>;
  refresh?(row: Verification): Promise<Verification>;
  details?(row: Verification): Record<string, unknown>;
};

/** A started verification; `problem` when it exists but its first step failed (recoverable). */
export type StartResult = {
  verification: Verification;
  problem?: { code: "sms_send_failed"; message: string };
};

export const methodHandlers: Partial<Record<VerificationMethod, MethodHandler>> = {
  sms: smsMethod,
  truecaller: truecallerMethod,
  phonecheck: phoneCheckMethod,
};
