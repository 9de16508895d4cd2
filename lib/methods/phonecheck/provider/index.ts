import "server-only";
import { selectProvider } from "@/lib/providers/select";
import type { PhoneCheckVersion } from "./client";
import type { TruIdConfig } from "./config";
import { phonecheckSettings } from "../settings";

export {
  createCheck,
  deviceCoverage,
  getCheck,
  redeemCode,
  type CheckState,
  type CheckStatus,
  type CreatedCheck,
  type DeviceCoverage,
  type PhoneCheckVersion,
} from "./client";
export { TruIdError } from "./errors";
export { CallbackRejected, verifyCallback, type CallbackRequest } from "./callback";
export type { TruIdConfig } from "./config";

type TruIdSettings = TruIdConfig & {
  sandbox: boolean;
  version: PhoneCheckVersion;
  callbackUrl: string | undefined;
};

/** tru.ID (TRUID_BASE_URL, or the data residency's host), or its emulator in the sandbox. */
export function truidConfig(): TruIdSettings | undefined {
  const phonecheck = phonecheckSettings.read();
  const common = {
    timeoutMs: phonecheck.TRUID_TIMEOUT_MS,
    version: phonecheck.TRUID_PHONECHECK_VERSION,
    callbackUrl: phonecheck.TRUID_CALLBACK_URL,
  };
  // A project lives in one residency: its token and its checks use that host.
  const base = phonecheck.TRUID_BASE_URL ?? `https://${phonecheck.TRUID_DATA_RESIDENCY}.api.tru.id`;
  const real =
    phonecheck.TRUID_CLIENT_ID && phonecheck.TRUID_CLIENT_SECRET
      ? {
          ...common,
          baseUrl: base.replace(/\/+$/, ""),
          clientId: phonecheck.TRUID_CLIENT_ID,
          clientSecret: phonecheck.TRUID_CLIENT_SECRET,
        }
      : undefined;
  return selectProvider("tru-id", real, (baseUrl) => ({
    ...common,
    baseUrl,
    clientId: phonecheck.TRUID_SANDBOX_CLIENT_ID,
    clientSecret: phonecheck.TRUID_SANDBOX_CLIENT_SECRET,
  }));
}
