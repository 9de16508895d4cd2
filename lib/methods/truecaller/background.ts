import "server-only";
import { after } from "next/server";
import { log } from "@/lib/log";

// Work that must not hold up a response: Truecaller wants its callback answered within 3 s
// (docs/providers.md#callback), while the profile host may take longer.

// On globalThis: the callback route and the status route may be separate bundles.
const globalForTasks = globalThis as unknown as {
  truecallerBackground?: Map<string, Promise<void>>;
};
const inFlight = (globalForTasks.truecallerBackground ??= new Map());

/** Lets `task` finish after the response; keyed so that a poll can wait for it (`settle`). */
export function runInBackground(key: string, task: Promise<void>): void {
  const guarded = task
    .catch((error: unknown) => {
      log.error("truecaller background task failed", {
        key,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, guarded);
  try {
    // In Next (serverless included) this keeps the function alive until the task ends.
    after(guarded);
  } catch {
    // Outside a Next request scope (tests, scripts) the promise simply runs on.
  }
}

/**
 * Waits, at most `ms`, for the background task of `key` if this process runs one.
 * Returns whether there was one (the caller then reads the state again).
 */
export async function settle(key: string, ms: number): Promise<boolean> {
  const task = inFlight.get(key);
  if (!task) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([task, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  return true;
}
