import "server-only";
import { bearerSecret, matchingSecret } from "@/lib/crypto";
import { ApiError } from "@/lib/errors";
import { flowrouteConfig } from "./provider";
import { smsSettings } from "./settings";

/**
 * The seed SMS API is server-to-server (docs/security.md#sending-limits): with a real SMS
 * provider (or with keys set) every call carries `Authorization: Bearer <one of
 * SMS_AUTH_API_KEYS>`, compared in constant time. In the sandbox without keys it stays open,
 * as the guide's was: its SMS cost nothing. Returns whether a key was presented.
 */
export function assertSeedCaller(headers: Headers): { keyed: boolean } {
  const keys = smsSettings.read().SMS_AUTH_API_KEYS;
  const real = flowrouteConfig()?.sandbox === false;
  if (keys.length === 0 && !real) return { keyed: false };
  const presented = bearerSecret(headers);
  if (matchingSecret(presented, keys) >= 0) return { keyed: true };
  throw new ApiError(
    "unauthorized",
    keys.length === 0
      ? "This API needs an API key: set SMS_AUTH_API_KEYS on the server and send it as a Bearer token."
      : "Send one of the server's API keys: Authorization: Bearer <key>.",
    { headers: { "WWW-Authenticate": 'Bearer realm="sms-auth"' } },
  );
}
