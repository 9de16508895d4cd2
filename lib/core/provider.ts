import { ApiError } from "@/lib/errors";

/** A method's provider configuration, or the 503 that says the method is off on this server. */
export function requireProvider<Config>(config: Config | undefined, unavailable: string): Config {
  if (config === undefined) throw new ApiError("method_unavailable", unavailable);
  return config;
}
