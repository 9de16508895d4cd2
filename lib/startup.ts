import { peerKnown } from "@/lib/api/client-ip";
import { getEnv, InvalidEnvError } from "@/lib/env";
import { ensureMigrated, getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { checkSettings } from "@/lib/methods/settings";
import { schedulePurge } from "@/lib/purge";
import { registerSessionSweep } from "@/lib/sessions/sweep";
import { resolveDeliveryTarget } from "@/lib/webhooks/address";
import { scheduleWebhookDelivery } from "@/lib/webhooks/timer";

export async function startup(): Promise<void> {
  let warnings;
  try {
    warnings = checkSettings();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      console.error(`\n${error.message}\n\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const env = getEnv();
  for (const warning of warnings) log.warn(warning);
  if (env.NODE_ENV === "production" && env.TRUST_PROXY === 0 && !peerKnown()) {
    // Not scripts/serve.mjs (`npm start`), and no proxy to believe: nothing tells the app
    // where a request came from (docs/security.md#sending-limits).
    log.warn(
      "client addresses are unknown: all clients share one per-address budget. Start with `npm start` (scripts/serve.mjs), or set TRUST_PROXY behind a proxy",
    );
  }
  try {
    getDb();
    await ensureMigrated();
  } catch (error) {
    // Without its tables the app cannot serve anything: stop, and let the platform restart it.
    console.error(`\nThe database could not be opened or migrated: ${String(error)}\n`);
    process.exit(1);
  }
  schedulePurge();
  registerSessionSweep();
  scheduleWebhookDelivery();
  // In the background: a name lookup must not hold up the first request.
  void warnOfRefusedWebhookUrls(env);
  log.info("ready", {
    appUrl: env.appUrl,
    sandbox: env.sandboxEnabled,
    database: env.DATABASE_PATH,
  });
}

/**
 * A webhook URL that every delivery would refuse (a local or private address without
 * WEBHOOK_ALLOW_PRIVATE, a name that does not resolve) is said at start, with the reason,
 * rather than found a day later in the outbox. The same check as each delivery's.
 */
export async function warnOfRefusedWebhookUrls(env: ReturnType<typeof getEnv>): Promise<void> {
  for (const key of env.apiKeys) {
    if (!key.webhook) continue;
    const found = await resolveDeliveryTarget(key.webhook.url, {
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === "1",
    });
    if ("refused" in found) {
      log.warn(`webhooks of the key "${key.id}" cannot be delivered: ${found.refused}`, {
        keyId: key.id,
        url: key.webhook.url,
      });
    }
  }
}
