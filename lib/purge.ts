import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { schemaAhead } from "@/lib/db/client";
import { purgeEnded } from "@/lib/db/purge";

const globalForPurge = globalThis as unknown as { phoneVerifyPurge?: NodeJS.Timeout };

/** Deletes what ended more than PURGE_AFTER seconds ago; the timer and the cron route call it. */
export async function purgeNow(): Promise<Awaited<ReturnType<typeof purgeEnded>>> {
  const removed = await purgeEnded(now(), getEnv().PURGE_AFTER * 1000);
  if (Object.values(removed).some((count) => count > 0)) log.info("purged", removed);
  return removed;
}

/**
 * The timer's purge: a failure is logged, for the next run to do better. Skipped while a newer
 * version of the app has migrated the database: this one writes nothing to it (its writes would
 * be refused), and that is no failure to warn about every hour.
 */
export async function runPurge(): Promise<void> {
  try {
    if (await schemaAhead()) return;
    await purgeNow();
  } catch (error) {
    // A database that is down now will be purged next time.
    log.warn("purge failed", { error: String(error) });
  }
}

/**
 * Starts the periodic purge once per process (PURGE_INTERVAL seconds; 0 = off). Not on Vercel:
 * a function is frozen between requests, so a timer there would fire seldom or never; Vercel
 * Cron calls GET /api/cron/purge instead (vercel.json).
 */
export function schedulePurge(): void {
  const { PURGE_INTERVAL: interval, VERCEL } = getEnv();
  if (interval === 0 || globalForPurge.phoneVerifyPurge) return;
  if (VERCEL) {
    log.info("no purge timer on Vercel: its cron calls /api/cron/purge");
    return;
  }
  const timer = setInterval(() => void runPurge(), interval * 1000);
  timer.unref(); // never keeps the process alive on its own
  globalForPurge.phoneVerifyPurge = timer;
}
