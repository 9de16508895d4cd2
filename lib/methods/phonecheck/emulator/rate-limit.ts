import "server-only";
import { now } from "@/lib/clock";

// tru.ID's rate-limit headers, which every product endpoint sends (docs/providers.md#truid-phonecheck):
// X-RateLimit-Limit (requests per hour), X-RateLimit-Remaining and X-RateLimit-Reset (epoch
// seconds). The emulator counts the requests of the hour on the app's clock, in this instance's
// memory like the clock itself; it never refuses for the count (its numbers ending in 7429
// script a 429), so a 429 is the one answer that says nothing remains.

const LIMIT_PER_HOUR = 10_000;
const HOUR_MS = 3_600_000;

type Window = { start: number; used: number };

// On globalThis: Next's route bundles would otherwise each count on their own.
const holder = globalThis as unknown as { truidRateWindow?: Window };

/** Counts the request `response` answers and adds the headers to it. */
export function withRateLimit(response: Response): Response {
  const at = now();
  const start = at - (at % HOUR_MS);
  const current = holder.truidRateWindow;
  const window = current && current.start === start ? current : { start, used: 0 };
  window.used += 1;
  holder.truidRateWindow = window;
  const remaining = response.status === 429 ? 0 : Math.max(0, LIMIT_PER_HOUR - window.used);
  response.headers.set("X-RateLimit-Limit", String(LIMIT_PER_HOUR));
  response.headers.set("X-RateLimit-Remaining", String(remaining));
  response.headers.set("X-RateLimit-Reset", String((start + HOUR_MS) / 1000));
  return response;
}

/** v0.1's create and get may be called from a browser: tru.ID lets any origin read them. */
export function withAnyOrigin(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  return response;
}
