import type { TruecallerConfig } from "./client";
import { callbackSchema } from "./wire";

// What Truecaller's callback may say and where its profile may be fetched from
// (docs/providers.md#callback). Nothing authenticates it (docs/security.md#truecaller-callback).

export type TruecallerCallback =
  | { kind: "token"; requestId: string; accessToken: string; endpoint?: string; state?: string }
  | { kind: "rejected"; requestId: string; reason: "user_rejected" | "use_another_number" }
  | { kind: "unknown_status"; requestId: string; status: string };

// Hosts Truecaller names in flow B's `endpoint` (docs/providers.md#callback): profile4-noneu… and so on.
const PROFILE_HOST = /^profile\d*(-noneu|-eu)?\.truecaller\.com$/;

/**
 * The URL to fetch a flow B profile from, if `endpoint` may be trusted: the callback is
 * unauthenticated (docs/security.md#truecaller-callback), so anything but https on a Truecaller profile host at
 * /v1/default, or the configured profile URL itself (the emulator's, in the sandbox), is
 * refused and never requested.
 */
export function trustedProfileUrl(config: TruecallerConfig, endpoint: string): string | undefined {
  if (endpoint === config.profileUrl) return config.profileUrl;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const trusted =
    url.protocol === "https:" &&
    PROFILE_HOST.test(url.hostname) &&
    url.port === "" &&
    url.username === "" &&
    url.password === "" &&
    url.pathname === "/v1/default" &&
    url.search === "" &&
    url.hash === "";
  return trusted ? url.href : undefined;
}

/** Reads a callback body; undefined when it is not one of the documented payloads. */
export function parseCallback(value: unknown): TruecallerCallback | undefined {
  const parsed = callbackSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { requestId, accessToken, endpoint, status, state } = parsed.data;
  if (status !== undefined) {
    return status === "user_rejected" || status === "use_another_number"
      ? { kind: "rejected", requestId, reason: status }
      : { kind: "unknown_status", requestId, status };
  }
  if (accessToken === undefined) return undefined;
  return { kind: "token", requestId, accessToken, endpoint, state };
}
