import { getEnv, InvalidEnvError } from "@/lib/env";
import { ensureMigrated, getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { schedulePurge } from "@/lib/purge";

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
  getDb();
  await ensureMigrated();
  schedulePurge();
  log.info("ready", {
    appUrl: env.appUrl,
    sandbox: env.sandboxEnabled,
    database: env.DATABASE_PATH,
  });
}
