import "server-only";
import { takeRateLimits, type Window } from "@/lib/db/rate-limits";
import { rateLimited, type ApiError } from "@/lib/errors";
import { words, type Words } from "@/lib/i18n/catalogue";

/** A sliding-window limit on one key (docs/security.md#sending-limits), and its words. */
export type Allowance = Window & {
  /** What a person is told when this limit is what stops them. */
  message: Words;
};

/**
 * Counts one event against every allowance, or against none and refuses with 429, the words
 * of the first allowance that is full and when all of them have room again.
 */
export async function takeAllowances(allowances: Allowance[], at: number): Promise<void> {
  const result = await takeRateLimits(allowances, at);
  if (!result.allowed) throw refusalOf(allowances, result);
}

/** The 429 of a take that refused: the words of the first of `allowances` that is full. */
export function refusalOf(
  allowances: Allowance[],
  result: { refused: Window[]; retryAfterMs: number },
): ApiError {
  const first = allowances.find((allowance) => result.refused.includes(allowance));
  return rateLimited(first?.message ?? words("server.errors.tooMany"), result.retryAfterMs / 1000);
}
