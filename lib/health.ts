import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { flowrouteConfig } from "@/lib/providers/flowroute";

// No secrets in here: only whether things work and which mode each provider is in.
export function health() {
  const env = getEnv();
  let database = "ok";
  try {
    getDb().$client.prepare("SELECT 1").get();
  } catch {
    database = "unreachable";
  }
  const flowroute = flowrouteConfig();
  return {
    ok: database === "ok",
    database,
    sandbox: env.sandboxEnabled,
    providers: {
      flowroute: flowroute ? (flowroute.sandbox ? "sandbox" : "real") : "unconfigured",
    },
  };
}
