import "server-only";
import { getEnv } from "@/lib/env";
import type { FlowrouteConfig } from "./client";

export { FlowrouteError, sendSms, toFlowrouteNumber, type FlowrouteConfig } from "./client";

/**
 * The real Flowroute when credentials are set; otherwise the app's own emulator when the
 * sandbox is on; otherwise undefined (the SMS method is unavailable).
 */
export function flowrouteConfig(): (FlowrouteConfig & { sandbox: boolean }) | undefined {
  const env = getEnv();
  if (env.FLOWROUTE_ACCESS_KEY && env.FLOWROUTE_SECRET_KEY && env.FLOWROUTE_NUMBER) {
    return {
      sandbox: false,
      baseUrl: env.FLOWROUTE_BASE_URL.replace(/\/+$/, ""),
      accessKey: env.FLOWROUTE_ACCESS_KEY,
      secretKey: env.FLOWROUTE_SECRET_KEY,
      from: env.FLOWROUTE_NUMBER,
      timeoutMs: env.FLOWROUTE_TIMEOUT_MS,
    };
  }
  if (!env.sandboxEnabled) return undefined;
  return {
    sandbox: true,
    baseUrl: `${env.appUrl}/api/sandbox/flowroute`,
    accessKey: env.FLOWROUTE_SANDBOX_ACCESS_KEY,
    secretKey: env.FLOWROUTE_SANDBOX_SECRET_KEY,
    from: env.FLOWROUTE_SANDBOX_NUMBER,
    timeoutMs: env.FLOWROUTE_TIMEOUT_MS,
  };
}
