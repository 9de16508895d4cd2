import "server-only";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { flowrouteConfig } from "@/lib/methods/sms/provider";
import { truecallerConfig } from "@/lib/methods/truecaller/provider";
import { truidConfig } from "@/lib/methods/phonecheck/provider";

/** Every emulator route starts with this: with the sandbox off, they do not exist. */
export function assertSandbox(): void {
  if (!getEnv().sandboxEnabled) throw new ApiError("not_found", "The sandbox is off.");
}

/**
 * The sandbox clock moves the one clock that every expiry and rate window reads. Moving it is
 * harmless while every provider is an emulator; with a real one configured it would let anyone
 * empty the rate-limit windows and send real SMS, so it is refused then.
 */
export function assertPureSandbox(): void {
  assertSandbox();
  const real = [flowrouteConfig(), truecallerConfig(), truidConfig()].some(
    (config) => config?.sandbox === false,
  );
  if (real) {
    throw new ApiError(
      "forbidden",
      "The sandbox clock is off while a real provider is configured.",
    );
  }
}
