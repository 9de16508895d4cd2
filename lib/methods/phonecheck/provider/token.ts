import { now } from "@/lib/clock";
import { basicAuth, send } from "@/lib/providers/http";
import { truId, type TruIdConfig } from "./config";
import { TruIdError } from "./errors";
import { oauthErrorSchema, tokenResponseSchema } from "./wire";

// OAuth2 client credentials (docs/providers.md#oauth2-token). One token per (host, client, scope), kept until
// shortly before `expires_in` and shared by every caller: ten checks started at once make one
// token request, because they all await the same promise. Each product asks for its own scope
// (`phone_check` for checks, `coverage` for the coverage lookup): a token grants no more than
// the calls it is kept for.

export type TokenScope = "phone_check" | "coverage";
const MAX_EARLY_REFRESH_S = 60;

type Cached = { token: string; refreshAt: number };
type Entry = Cached | Promise<Cached>;

// On globalThis: Next's route bundles would otherwise each hold a cache of their own.
const holder = globalThis as unknown as { truidTokens?: Map<string, Entry> };
const cache = (holder.truidTokens ??= new Map());

function keyOf(config: TruIdConfig, scope: TokenScope): string {
  return `${config.baseUrl}\n${config.clientId}\n${scope}`;
}

export async function accessToken(
  config: TruIdConfig,
  scope: TokenScope = "phone_check",
): Promise<string> {
  const key = keyOf(config, scope);
  const entry = cache.get(key);
  if (entry && !(entry instanceof Promise) && entry.refreshAt > now()) return entry.token;
  if (entry instanceof Promise) return (await entry).token;
  const pending = requestToken(config, scope).then(
    (fresh) => {
      cache.set(key, fresh);
      return fresh;
    },
    (error: unknown) => {
      cache.delete(key);
      throw error;
    },
  );
  cache.set(key, pending);
  return (await pending).token;
}

/** Forgets `token` after tru.ID refused it, unless a newer token already replaced it. */
export function dropToken(
  config: TruIdConfig,
  token: string,
  scope: TokenScope = "phone_check",
): void {
  const key = keyOf(config, scope);
  const entry = cache.get(key);
  if (entry && !(entry instanceof Promise) && entry.token === token) cache.delete(key);
}

// POST /oauth2/v1/token (form: grant_type=client_credentials&scope=<scope>, Basic auth).
async function requestToken(config: TruIdConfig, scope: TokenScope): Promise<Cached> {
  const requestedAt = now();
  const answer = await send(truId(config), `${config.baseUrl}/oauth2/v1/token`, {
    method: "POST",
    headers: {
      Authorization: basicAuth(config.clientId, config.clientSecret),
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
  });
  if (!answer.ok) {
    const oauth = oauthErrorSchema.safeParse(answer.json());
    const detail = oauth.success ? oauth.data.error : undefined;
    const status = answer.status;
    if (status === 401 || detail === "invalid_client") {
      throw new TruIdError("unauthorized", "tru.ID refused the client credentials", {
        status,
        detail,
      });
    }
    // Its Retry-After goes with it: the person is told when a new check can start.
    if (status === 429) {
      throw new TruIdError("rate_limited", "tru.ID rate limited", {
        status,
        retryAfterSeconds: answer.retryAfterSeconds,
      });
    }
    const kind = status >= 500 ? "server" : "bad_request";
    throw new TruIdError(kind, `tru.ID refused the token request (${status})`, { status, detail });
  }
  const token = answer.parse(tokenResponseSchema);
  const lifetime = token.expires_in;
  // Refresh a minute early (as tru.ID's dev-server does), or halfway through a short lifetime.
  const early = Math.min(MAX_EARLY_REFRESH_S, lifetime / 2);
  return { token: token.access_token, refreshAt: requestedAt + (lifetime - early) * 1000 };
}
