import type { VerificationStatus } from "@/lib/verification-status";
import type { ReasonWords } from "./method";

/**
 * What every method's status DTO has. Never a row: no hashes, bindings or provider secrets.
 * The full DTO, a union keyed on `method`, is lib/methods/dto.ts.
 */
export type BaseDto = {
  id: string;
  phone: string;
  phoneDisplay: string;
  status: VerificationStatus;
  /** Why the status is what it is (or why a pending one could not go on), as a code… */
  reason: string | null;
  /** …and in words, from the method's reasons. */
  message: ReasonWords | null;
  displayName: string | null;
  expiresAt: string;
  serverTime: string;
  /** Set by the browser when it receives the DTO (lib/queries.ts), for countdowns. */
  receivedAt?: number;
};

/** A DTO whose method is not known here (the browser's API client, the status shell). */
export type AnyDto = BaseDto & { method: string };

/** One method's DTO: the base, its name, and the fields its handler adds. */
export type MethodDto<M extends string, Details> = BaseDto & { method: M } & Details;
