import "server-only";
import { getEnv } from "@/lib/env";
import { selectProvider } from "@/lib/providers/select";
import type { PhoneCheckVersion } from "./client";
import type { TruIdConfig } from "./config";

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
  const env = getEnv();
  const common = {
    timeoutMs: env.TRUID_TIMEOUT_MS,
    version: env.TRUID_PHONECHECK_VERSION,
    callbackUrl: env.TRUID_CALLBACK_URL,
  };
  // A project lives in one residency: its token and its checks use that host.
  const base = env.TRUID_BASE_URL ?? `https://${env.TRUID_DATA_RESIDENCY}.api.tru.id`;
  const real =
    env.TRUID_CLIENT_ID && env.TRUID_CLIENT_SECRET
      ? {
          ...common,
          baseUrl: base.replace(/\/+$/, ""),
          clientId: env.TRUID_CLIENT_ID,
          clientSecret: env.TRUID_CLIENT_SECRET,
        }
      : undefined;
  return selectProvider("tru-id", real, (baseUrl) => ({
    ...common,
    baseUrl,
    clientId: env.TRUID_SANDBOX_CLIENT_ID,
    clientSecret: env.TRUID_SANDBOX_CLIENT_SECRET,
  }));
}
