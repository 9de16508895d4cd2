import "server-only";
import { getEnv } from "@/lib/env";
import type { PhoneCheckVersion } from "./client";
import type { TruIdConfig } from "./http";

export {
  createCheck,
  getCheck,
  redeemCode,
  type CheckState,
  type CheckStatus,
  type CreatedCheck,
  type PhoneCheckVersion,
} from "./client";
export { TruIdError, type TruIdErrorKind } from "./errors";
export { CallbackRejected, verifyCallback } from "./callback";
export type { TruIdConfig } from "./http";

export type TruIdSettings = TruIdConfig & {
  sandbox: boolean;
  version: PhoneCheckVersion;
  callbackUrl: string | undefined;
};

/**
 * The real tru.ID when credentials are set (TRUID_BASE_URL, or the data residency's host);
 * otherwise the app's own emulator when the sandbox is on; otherwise undefined (the PhoneCheck
 * method is unavailable).
 */
export function truidConfig(): TruIdSettings | undefined {
  const env = getEnv();
  const common = {
    timeoutMs: env.TRUID_TIMEOUT_MS,
    version: env.TRUID_PHONECHECK_VERSION,
    callbackUrl: env.TRUID_CALLBACK_URL,
  };
  if (env.TRUID_CLIENT_ID && env.TRUID_CLIENT_SECRET) {
    // A project lives in one residency: its token and its checks use that host (§2.1).
    const base = env.TRUID_BASE_URL ?? `https://${env.TRUID_DATA_RESIDENCY}.api.tru.id`;
    return {
      ...common,
      sandbox: false,
      baseUrl: base.replace(/\/+$/, ""),
      clientId: env.TRUID_CLIENT_ID,
      clientSecret: env.TRUID_CLIENT_SECRET,
    };
  }
  if (!env.sandboxEnabled) return undefined;
  return {
    ...common,
    sandbox: true,
    baseUrl: `${env.appUrl}/api/sandbox/tru-id`,
    clientId: env.TRUID_SANDBOX_CLIENT_ID,
    clientSecret: env.TRUID_SANDBOX_CLIENT_SECRET,
  };
}
