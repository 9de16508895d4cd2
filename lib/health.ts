import "server-only";
import { getEnv } from "@/lib/env";
import { migrationsStatus } from "@/lib/db/migrations-status";
import { flowrouteConfig } from "@/lib/providers/flowroute";

type ProviderMode = "real" | "sandbox" | "unconfigured";

function mode(config: { sandbox: boolean } | undefined): ProviderMode {
  return config ? (config.sandbox ? "sandbox" : "real") : "unconfigured";
}

// No secrets in here: only whether things work and which mode each provider is in.
export function health() {
  const env = getEnv();
  let database: "ok" | "unreachable" = "ok";
  let migrations: ReturnType<typeof migrationsStatus> | undefined;
  try {
    migrations = migrationsStatus();
  } catch {
    database = "unreachable";
  }
  return {
    ok: database === "ok" && migrations?.current === true,
    database,
    migrations: migrations ?? null,
    sandbox: env.sandboxEnabled,
    providers: {
      flowroute: mode(flowrouteConfig()),
    },
  };
}
