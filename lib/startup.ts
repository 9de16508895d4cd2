import { peerKnown } from "@/lib/api/client-ip";
import { getEnv, InvalidEnvError } from "@/lib/env";
import { ensureMigrated, getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { schedulePurge } from "@/lib/purge";
import { registerSessionSweep } from "@/lib/sessions/sweep";
import { scheduleWebhookDelivery } from "@/lib/webhooks/timer";

export async function startup(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      console.error(`\n${error.message}\n\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const warning of env.warnings) log.warn(warning);
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
  log.info("ready", {
    appUrl: env.appUrl,
    sandbox: env.sandboxEnabled,
    database: env.DATABASE_PATH,
  });
}
