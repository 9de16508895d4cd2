import { ApiError, type Said } from "@/lib/errors";

/** A method's provider configuration, or the 503 that says the method is off on this server. */
export function requireProvider<Config>(config: Config | undefined, unavailable: Said): Config {
  if (config === undefined) throw new ApiError("method_unavailable", unavailable);
  return config;
}
