import "server-only";
import { getEnv } from "@/lib/env";
import { databaseDialect } from "@/lib/db/client";
import { migrationsStatus } from "@/lib/db/migrations-status";
import { flowrouteConfig } from "@/lib/methods/sms/provider";
import { truecallerConfig } from "@/lib/methods/truecaller/provider";
import { truidConfig } from "@/lib/methods/phonecheck/provider";

type ProviderMode = "real" | "sandbox" | "unconfigured";

function mode(config: { sandbox: boolean } | undefined): ProviderMode {
  return config ? (config.sandbox ? "sandbox" : "real") : "unconfigured";
}

// No secrets in here: only whether things work and which mode each provider is in.
export async function health() {
  const env = getEnv();
  let database: "ok" | "unreachable" = "ok";
  let migrations: Awaited<ReturnType<typeof migrationsStatus>> | undefined;
  try {
    migrations = await migrationsStatus();
  } catch {
    database = "unreachable";
  }
  return {
    ok: database === "ok" && migrations?.current === true,
    database,
    dialect: databaseDialect(),
    migrations: migrations ?? null,
    sandbox: env.sandboxEnabled,
    providers: {
      flowroute: mode(flowrouteConfig()),
      truecaller: mode(truecallerConfig()),
      truid: mode(truidConfig()),
    },
  };
}
