import type { MethodName } from "@/lib/method-names";
import type { VerificationStatus } from "@/lib/verification-status";
import type { ReasonWords } from "./method";

// The status DTO the API answers and the browser shows: a union keyed on `method`, one variant
// per method. The core owns its base and its shape; each method adds its own variant to
// `MethodDtos` beside its code (lib/methods/<method>/details.ts), so that this module, which the
// browser's code imports, names no method and removing a method's folder removes its variant.
// Client-safe.

/** The reasons the core gives for every method: time ran out, its session ended first. */
export type CoreReason = "timed_out" | "session_ended";

/**
 * What every method's status DTO has. Never a row: no hashes, bindings or provider secrets.
 * `Reason` is the method's reason codes.
 */
export type BaseDto<Reason extends string = string> = {
  id: string;
  phone: string;
  phoneDisplay: string;
  status: VerificationStatus;
  /** Why the status is what it is (or why a pending one could not go on), as a code… */
  reason: Reason | null;
  /** …and in words, from the method's reasons. */
  message: ReasonWords | null;
  /**
   * Pending, but halted by its reason (`ReasonRule.halts`): nothing to wait for, so the page
   * shows the reason as it shows an ending.
   */
  halted: boolean;
  displayName: string | null;
  expiresAt: string;
  serverTime: string;
  /** Set by the browser when it receives the DTO (lib/queries.ts), for countdowns. */
  receivedAt?: number;
};

/** One method's DTO: the base with its reasons, its name, and the fields its handler adds. */
export type MethodDto<M extends MethodName, Reason extends string, Details> = BaseDto<
  CoreReason | Reason
> & { method: M } & Details;

/**
 * Every method's DTO by the method's name. Empty here: each method declares its own entry
 * (`declare module "@/lib/core/dto" { interface MethodDtos { sms: SmsDto } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each method
export interface MethodDtos {}

/** The status DTO of a verification of any method. */
export type VerificationDto = MethodDtos[keyof MethodDtos];

/** The DTO of one method. */
export type DtoOf<M extends keyof MethodDtos> = MethodDtos[M];

/** Whether `verification` is one of `method`: narrows the union to that method's DTO. */
export function isMethodDto<M extends keyof MethodDtos>(
  verification: VerificationDto,
  method: M,
): verification is DtoOf<M> {
  return verification.method === method;
}
