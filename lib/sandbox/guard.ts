import "server-only";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";

/** Every emulator route starts with this: with the sandbox off, they do not exist. */
export function assertSandbox(): void {
  if (!getEnv().sandboxEnabled) throw new ApiError("not_found", "The sandbox is off.");
}
