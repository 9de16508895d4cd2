import "server-only";
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
import { truecallerSettings } from "../settings";
export { parseCallback, trustedProfileUrl, type TruecallerCallback } from "./callback";
export { buildDeepLink } from "./deep-link";

/** Truecaller, or its emulator in the sandbox; undefined when the Truecaller method is off. */
export function truecallerConfig() {
  const truecaller = truecallerSettings.read();
  const common = {
    partnerName: truecaller.TRUECALLER_PARTNER_NAME,
    timeoutMs: truecaller.TRUECALLER_TIMEOUT_MS,
  };
  const real = truecaller.TRUECALLER_APP_KEY
    ? {
        ...common,
        requestUrl: truecaller.TRUECALLER_REQUEST_URL,
        profileUrl: truecaller.TRUECALLER_PROFILE_URL,
        appKey: truecaller.TRUECALLER_APP_KEY,
      }
    : undefined;
  return selectProvider<TruecallerConfig>("truecaller", real, (base) => ({
    ...common,
    requestUrl: `${base}/v1/apps/requests`,
    profileUrl: `${base}/v1/default`,
    appKey: truecaller.TRUECALLER_SANDBOX_APP_KEY,
  }));
}
