import "server-only";
import { bearerSecret, hmac, matchingSecret } from "@/lib/crypto";
import { getEnv, type ApiKey } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { appSecret } from "@/lib/secrets";

/** The id of the key the sandbox's own integrating app uses (/sandbox/app). */
export const SANDBOX_KEY_ID = "sandbox";

/** The path of the sandbox's own webhook receiver. */
export const SANDBOX_WEBHOOK_PATH = "/api/sandbox/webhooks";

/**
 * The sandbox's key: its secret and webhook secret are derived from the server secret, its
 * return URLs and webhooks stay on this app. Only where the sandbox is served.
 */
export function sandboxKey(): ApiKey | undefined {
  const env = getEnv();
  if (!env.sandboxEnabled) return undefined;
  const derive = (purpose: string) => hmac(appSecret(), `sandbox ${purpose}`);
  return {
    id: SANDBOX_KEY_ID,
    secret: `sk_sandbox_${derive("api key").slice(0, 40)}`,
    origins: [new URL(env.appUrl).origin],
    webhook: {
      url: `${env.appUrl}${SANDBOX_WEBHOOK_PATH}`,
      secret: `whsec_${Buffer.from(derive("webhook secret"), "hex").toString("base64")}`,
    },
  };
}

/** Every key this server accepts: API_KEYS, and the sandbox's where it is served. */
function apiKeys(): ApiKey[] {
  const sandbox = sandboxKey();
  const keys = getEnv().apiKeys;
  return sandbox && !keys.some((key) => key.id === SANDBOX_KEY_ID) ? [...keys, sandbox] : keys;
}

export function apiKeyById(id: string): ApiKey | undefined {
  return apiKeys().find((key) => key.id === id);
}

/**
 * The key of a server-to-server call (`Authorization: Bearer <secret>`), compared in constant
 * time against every key, so that the time taken says nothing about which one nearly matched.
 */
export function authenticate(headers: Headers): ApiKey {
  const presented = bearerSecret(headers);
  const keys = apiKeys();
  const secrets = keys.map((key) => key.secret);
  const found = keys[matchingSecret(presented, secrets)];
  if (found) return found;
  throw new ApiError(
    "unauthorized",
    apiKeys().length === 0
      ? "This API needs an API key: set API_KEYS on the server (id:secret) and send the secret as a Bearer token."
      : "Send one of the server's API keys: Authorization: Bearer <secret>.",
    { headers: { "WWW-Authenticate": 'Bearer realm="sessions"' } },
  );
}
