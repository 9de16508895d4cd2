import "server-only";
import { after } from "next/server";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { webhookTick } from "@/lib/webhooks/timer";

// Vercel freezes a function between requests, so no webhook timer runs there
// (lib/webhooks/timer.ts), and the Hobby plan's cron calls /api/cron/purge only once a day.
// The first delivery of each event goes out with the request that ended the session; a retry
// that falls due later would wait for the cron. So the hosted flow's requests (the page, its
// state polls, the way back) also run a webhook tick after their answer: at most once per
// NUDGE_EVERY_MS per instance, so that retries move on with the traffic people bring.

const NUDGE_EVERY_MS = 30_000;

const holder = globalThis as unknown as { phoneVerifyWebhookNudgedAt?: number };

/**
 * On Vercel, a webhook tick (the sessions' sweep, then the webhooks due) after this request's
 * answer, unless one ran in this instance less than NUDGE_EVERY_MS ago. Elsewhere the timer
 * does it. Never throws; true when it started one.
 */
export function nudgeWebhooks(at = now()): boolean {
  if (!getEnv().VERCEL) return false;
  const last = holder.phoneVerifyWebhookNudgedAt;
  if (last !== undefined && at - last < NUDGE_EVERY_MS && at >= last) return false;
  holder.phoneVerifyWebhookNudgedAt = at;
  try {
    // Vercel waits for it before it freezes the function.
    after(webhookTick);
  } catch {
    // Not in a request (after() throws outside one).
    void webhookTick();
  }
  return true;
}
