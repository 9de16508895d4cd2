import "server-only";
import { getEnv } from "@/lib/env";
import { selectProvider } from "@/lib/providers/select";
import type { FlowrouteConfig } from "./client";

export { FlowrouteError, sendSms, toFlowrouteNumber, type FlowrouteConfig } from "./client";

/** Flowroute, or its emulator in the sandbox; undefined when the SMS method is off. */
export function flowrouteConfig() {
  const env = getEnv();
  const timeoutMs = env.FLOWROUTE_TIMEOUT_MS;
  const real =
    env.FLOWROUTE_ACCESS_KEY && env.FLOWROUTE_SECRET_KEY && env.FLOWROUTE_NUMBER
      ? {
          baseUrl: env.FLOWROUTE_BASE_URL.replace(/\/+$/, ""),
          accessKey: env.FLOWROUTE_ACCESS_KEY,
          secretKey: env.FLOWROUTE_SECRET_KEY,
          from: env.FLOWROUTE_NUMBER,
          timeoutMs,
        }
      : undefined;
  return selectProvider<FlowrouteConfig>("flowroute", real, (baseUrl) => ({
    baseUrl,
    accessKey: env.FLOWROUTE_SANDBOX_ACCESS_KEY,
    secretKey: env.FLOWROUTE_SANDBOX_SECRET_KEY,
    from: env.FLOWROUTE_SANDBOX_NUMBER,
    timeoutMs,
  }));
}
