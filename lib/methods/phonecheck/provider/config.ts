import { TruIdError } from "./errors";

export type TruIdConfig = {
  baseUrl: string; // https://{eu|in|us}.api.tru.id, or the app's own /api/sandbox/tru-id
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
};

/** tru.ID as the provider transport (lib/providers/http.ts) sees it. */
export function truId(config: TruIdConfig) {
  return { name: "tru.ID", timeoutMs: config.timeoutMs, error: TruIdError };
}
