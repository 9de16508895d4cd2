import "server-only";
import { getEnv } from "@/lib/env";

/**
 * The one rule that picks, for every provider, what its client talks to: the real provider
 * when its credentials are set; otherwise, with the sandbox on, the app's own emulator of it,
 * served under /api/sandbox/<emulator> over real HTTP (`emulator` is the folder of its
 * catch-all route, app/api/sandbox/<emulator>/[...path]); otherwise nothing (the method is off).
 */
export function selectProvider<Config>(
  emulator: string,
  real: Config | undefined,
  emulated: (emulatorUrl: string) => Config,
): (Config & { sandbox: boolean }) | undefined {
  if (real) return { ...real, sandbox: false };
  const env = getEnv();
  if (!env.sandboxEnabled) return undefined;
  return { ...emulated(`${env.appUrl}/api/sandbox/${emulator}`), sandbox: true };
}
