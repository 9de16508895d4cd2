import type { MethodDto } from "@/lib/core/dto";
import type { TruecallerReason } from "./reasons";

// The Truecaller method's part of the status DTO (`verification.truecaller`). Never the access
// token; the deep link and the requestId only ever go to the browser that started it.
// Client-safe.

export type TruecallerFlow = "push" | "deeplink";

export type TruecallerDetails = {
  /** push: flow A, a prompt pushed to the number's Truecaller app; deeplink: flow B (Android). */
  flow: TruecallerFlow;
  /** Flow A: Truecaller's requestId, the poll key of the guide's GET /auth/true-sdk. */
  requestId: string | null;
  /** Flow B, while pending: the truecallersdk:// link to open on this phone. */
  deepLink: string | null;
  /** Flow A, while pending: when the prompt was pushed (the page's "no answer yet" counts from it). */
  promptedAt: string | null;
  /**
   * Flow A, while pending: from when a new prompt may go to the number (Truecaller's interval
   * between prompts, TRUECALLER_PROMPT_INTERVAL); the new one takes this one's place.
   */
  promptAgainAt: string | null;
  /** The Truecaller emulator stands in for Truecaller: the simulated phone gets the prompts. */
  sandbox: boolean;
};

/** The status DTO of a truecaller verification. */
export type TruecallerDto = MethodDto<
  "truecaller",
  TruecallerReason,
  { truecaller: TruecallerDetails }
>;

declare module "@/lib/core/dto" {
  interface MethodDtos {
    truecaller: TruecallerDto;
  }
}
