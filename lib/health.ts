import "server-only";
import { getEnv } from "@/lib/env";
import { databaseDialect } from "@/lib/db/client";
import { canWrite, migrationsStatus } from "@/lib/db/migrations-status";
import { providerModes } from "@/lib/methods/service";

// No secrets in here: only whether things work and which mode each provider is in.
export async function health() {
  const env = getEnv();
  let database: "ok" | "unreachable" | "not writable" = "ok";
  let migrations: Awaited<ReturnType<typeof migrationsStatus>> | undefined;
  try {
    migrations = await migrationsStatus();
    // A full disk or a read-only database still reads: only a write tells.
    if (!(await canWrite())) database = "not writable";
  } catch {
    database = "unreachable";
  }
  return {
    ok: database === "ok" && migrations?.current === true,
    database,
    dialect: databaseDialect(),
    migrations: migrations ?? null,
    sandbox: env.sandboxEnabled,
    providers: providerModes(),
  };
}
