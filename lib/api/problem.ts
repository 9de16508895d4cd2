import type { Problem } from "@/lib/core/method";
import { ApiError } from "@/lib/errors";

/**
 * The error answer for a verification whose provider step failed: the verification travels in
 * it (so the page can offer a resend), and a provider's Retry-After is passed on.
 */
export function problemError(problem: Problem, verification: unknown): ApiError {
  const seconds = problem.retryAfterSeconds;
  if (seconds === undefined) {
    return new ApiError(problem.code, problem.message, { details: { verification } });
  }
  const retryAfter = Math.max(1, Math.ceil(seconds));
  return new ApiError(problem.code, problem.message, {
    details: { verification, retryAfter },
    headers: { "Retry-After": String(retryAfter) },
  });
}
