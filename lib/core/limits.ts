import "server-only";
import { takeRateLimit } from "@/lib/db/rate-limits";
import { rateLimited } from "@/lib/errors";

/** A sliding-window limit on one key (docs/security.md#sending-limits). */
export type Allowance = {
  bucket: string;
  key: string;
  limit: number;
  windowMs: number;
  /** What a person is told past it. */
  message: string;
};

/** Counts one event against `allowance`, or refuses with 429 and when to retry. */
export async function takeAllowance(allowance: Allowance, at: number): Promise<void> {
  const { bucket, key, limit, windowMs, message } = allowance;
  const result = await takeRateLimit(bucket, key, limit, windowMs, at);
  if (!result.allowed) throw rateLimited(message, result.retryAfterMs / 1000);
}
