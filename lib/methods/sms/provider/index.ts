import "server-only";
import { selectProvider } from "@/lib/providers/select";
import type { FlowrouteConfig } from "./client";
import { smsSettings } from "../settings";

export { FlowrouteError, sendSms, toFlowrouteNumber, type FlowrouteConfig } from "./client";

/** Flowroute, or its emulator in the sandbox; undefined when the SMS method is off. */
export function flowrouteConfig() {
  const sms = smsSettings.read();
  const timeoutMs = sms.FLOWROUTE_TIMEOUT_MS;
  const real =
    sms.FLOWROUTE_ACCESS_KEY && sms.FLOWROUTE_SECRET_KEY && sms.FLOWROUTE_NUMBER
      ? {
          baseUrl: sms.FLOWROUTE_BASE_URL.replace(/\/+$/, ""),
          accessKey: sms.FLOWROUTE_ACCESS_KEY,
          secretKey: sms.FLOWROUTE_SECRET_KEY,
          from: sms.FLOWROUTE_NUMBER,
          timeoutMs,
        }
      : undefined;
  return selectProvider<FlowrouteConfig>("flowroute", real, (baseUrl) => ({
    baseUrl,
    accessKey: sms.FLOWROUTE_SANDBOX_ACCESS_KEY,
    secretKey: sms.FLOWROUTE_SANDBOX_SECRET_KEY,
    from: sms.FLOWROUTE_SANDBOX_NUMBER,
    timeoutMs,
  }));
}
