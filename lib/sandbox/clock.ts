import "server-only";
import { getEnv } from "@/lib/env";
import { isPublicDemo } from "./public-demo";

/**
 * Why the sandbox clock may not move here, or undefined where it may: `POST /api/sandbox/clock`
 * refuses with these words, and the simulated phone shows its clock only where it may move.
 * `providerModes`: each provider's mode (lib/methods/service.ts).
 */
export function clockRefusal(providerModes: Record<string, string>): string | undefined {
  // Every expiry and rate window reads this clock: harmless while every provider is an
  // emulator, but with a real one it would let anyone empty the windows of real sends.
  if (Object.values(providerModes).includes("real")) {
    return "The sandbox clock is off while a real provider is configured.";
  }
  // On a public demo one visitor would move every visitor's expiries and windows.
  if (isPublicDemo() && getEnv().SANDBOX_CLOCK !== "1") {
    return "The sandbox clock is off on a public demo (SANDBOX_CLOCK=1 turns it on).";
  }
  return undefined;
}
