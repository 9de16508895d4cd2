import type { MethodDto } from "@/lib/core/dto";
import type { PhoneCheckReason } from "./reasons";

// The PhoneCheck part of the status DTO (`verification.phonecheck`). Client-safe.

export type PhoneCheckDetails = {
  version: "v0.1" | "v0.2";
  /** The check's lifetime at tru.ID; the verification expires with it. */
  ttlSeconds: number;
  /** Our one-time link that opens the check on a phone (only while the check is open). */
  openUrl: string | null;
  /** A phone has opened `openUrl` (desktop flow): the result is on its way. */
  phoneOpened: boolean;
  /**
   * When tru.ID was busy: when a new check may work (the failure plus tru.ID's Retry-After), a
   * moment that stays put however often the page reloads. Why it ended, and whether a new check
   * can work at all, are the core's `verification.message` (its text and `retry`).
   */
  retryAt: string | null;
  /** The tru.ID emulator stands in for tru.ID: the simulated phone lists the check. */
  sandbox: boolean;
};

/** The status DTO of a phonecheck verification. */
export type PhoneCheckDto = MethodDto<
  "phonecheck",
  PhoneCheckReason,
  { phonecheck: PhoneCheckDetails }
>;

declare module "@/lib/core/dto" {
  interface MethodDtos {
    phonecheck: PhoneCheckDto;
  }
}
