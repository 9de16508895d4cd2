import "server-only";
import { schemaAhead } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { deliverDue, kickDelivery } from "./outbox";

type Hook = () => Promise<void>;

// On globalThis, like the timer: route bundles each evaluate this module, and the hooks one
// registers must be seen by the timer and the cron route of the same process.
const holder = globalThis as unknown as {
  phoneVerifyWebhookTimer?: NodeJS.Timeout;
  phoneVerifyWebhookHooks?: Map<string | Hook, Hook>;
};

function hooks(): Map<string | Hook, Hook> {
  holder.phoneVerifyWebhookHooks ??= new Map();
  return holder.phoneVerifyWebhookHooks;
}

/**
 * Runs `fn` on every webhook tick, before the due webhooks are sent (the sessions' sweep of
 * sessions past their expiry writes the webhooks that announce it). A named function
 * registered again (its module evaluated again by another bundle or a dev reload) replaces
 * the earlier one instead of running twice.
 */
export function onWebhookTick(fn: Hook): void {
  hooks().set(fn.name || fn, fn);
}

async function runHooks(): Promise<void> {
  for (const hook of hooks().values()) {
    try {
      await hook();
    } catch (error) {
      // One hook failing (a database that is down) must not keep the webhooks from going out.
      log.warn("webhook tick hook failed", { hook: hook.name, error: String(error) });
    }
  }
}

/** The hooks, then the webhooks that are due: what the cron route runs after its purge. */
export async function runWebhookTick(): Promise<{
  delivered: number;
  retried: number;
  gaveUp: number;
}> {
  await runHooks();
  return deliverDue();
}

let ticking = false;

/**
 * One tick, as the timer runs it and the hosted flow's requests on Vercel do
 * (lib/sessions/webhook-nudge.ts): the hooks, then a delivery run; never two at once, and
 * nothing while a newer version of the app has migrated the database.
 */
export async function webhookTick(): Promise<void> {
  if (ticking) return; // the last tick's hooks are still running
  ticking = true;
  try {
    // A newer version of the app migrated the database: it sends the webhooks now, and this
    // one's writes (a sweep, a delivery noted) would be refused. Nothing to do, nothing to warn.
    if (await schemaAhead().catch(() => false)) return;
    await runHooks();
    kickDelivery(); // in turn with the runs that writes start
  } finally {
    ticking = false;
  }
}

/**
 * Looks for webhooks due again every WEBHOOK_INTERVAL seconds (0 = off), once per process.
 * Not on Vercel: a function is frozen between requests, so its cron route sends them instead.
 */
export function scheduleWebhookDelivery(): void {
  const { WEBHOOK_INTERVAL: interval, VERCEL } = getEnv();
  if (interval === 0 || holder.phoneVerifyWebhookTimer) return;
  if (VERCEL) {
    log.info("no webhook timer on Vercel: its cron calls /api/cron/purge");
    return;
  }
  const timer = setInterval(() => void webhookTick(), interval * 1000);
  timer.unref(); // never keeps the process alive on its own
  holder.phoneVerifyWebhookTimer = timer;
}
