import "server-only";
import { getEnv } from "@/lib/env";
import { selectProvider } from "@/lib/providers/select";
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

/** Truecaller, or its emulator in the sandbox; undefined when the Truecaller method is off. */
export function truecallerConfig() {
  const env = getEnv();
  const common = { partnerName: env.TRUECALLER_PARTNER_NAME, timeoutMs: env.TRUECALLER_TIMEOUT_MS };
  const real = env.TRUECALLER_APP_KEY
    ? {
        ...common,
        requestUrl: env.TRUECALLER_REQUEST_URL,
        profileUrl: env.TRUECALLER_PROFILE_URL,
        appKey: env.TRUECALLER_APP_KEY,
      }
    : undefined;
  return selectProvider<TruecallerConfig>("truecaller", real, (base) => ({
    ...common,
    requestUrl: `${base}/v1/apps/requests`,
    profileUrl: `${base}/v1/default`,
    appKey: env.TRUECALLER_SANDBOX_APP_KEY,
  }));
}
