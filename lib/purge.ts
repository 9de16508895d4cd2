import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { purgeEnded } from "@/lib/db/purge";

const globalForPurge = globalThis as unknown as { phoneVerifyPurge?: NodeJS.Timeout };

async function runPurge(): Promise<void> {
  try {
    const removed = await purgeEnded(now(), getEnv().PURGE_AFTER * 1000);
    if (removed.verifications > 0 || removed.rateEvents > 0) log.info("purged", removed);
  } catch (error) {
    // A database that is down now will be purged next time.
    log.warn("purge failed", { error: String(error) });
  }
}

/** Starts the periodic purge once per process (PURGE_INTERVAL seconds; 0 = off). */
export function schedulePurge(): void {
  const interval = getEnv().PURGE_INTERVAL;
  if (interval === 0 || globalForPurge.phoneVerifyPurge) return;
  const timer = setInterval(() => void runPurge(), interval * 1000);
  timer.unref(); // never keeps the process alive on its own
  globalForPurge.phoneVerifyPurge = timer;
}
