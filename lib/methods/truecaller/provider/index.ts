import "server-only";
import { getEnv } from "@/lib/env";
import type { TruecallerConfig } from "./client";

export {
  createRequest,
  fetchProfile,
  toTruecallerNumber,
  TruecallerError,
  type TruecallerConfig,
  type TruecallerProfile,
} from "./client";
export { parseCallback, trustedProfileUrl, type TruecallerCallback } from "./callback";
export { buildDeepLink } from "./deep-link";

/** The emulator's base URL: Truecaller's own paths sit below it. */
export function truecallerSandboxBase(): string {
  return `${getEnv().appUrl}/api/sandbox/truecaller`;
}

/**
 * The real Truecaller when an app key is set; otherwise the app's own emulator when the
 * sandbox is on; otherwise undefined (the Truecaller method is unavailable).
 */
export function truecallerConfig(): (TruecallerConfig & { sandbox: boolean }) | undefined {
  const env = getEnv();
  const common = { partnerName: env.TRUECALLER_PARTNER_NAME, timeoutMs: env.TRUECALLER_TIMEOUT_MS };
  if (env.TRUECALLER_APP_KEY) {
    return {
      ...common,
      sandbox: false,
      requestUrl: env.TRUECALLER_REQUEST_URL,
      profileUrl: env.TRUECALLER_PROFILE_URL,
      appKey: env.TRUECALLER_APP_KEY,
    };
  }
  if (!env.sandboxEnabled) return undefined;
  const base = truecallerSandboxBase();
  return {
    ...common,
    sandbox: true,
    requestUrl: `${base}/v1/apps/requests`,
    profileUrl: `${base}/v1/default`,
    appKey: env.TRUECALLER_SANDBOX_APP_KEY,
  };
}
