import "server-only";
import type { Caller } from "@/lib/core/caller";
import { findOwn } from "@/lib/core/status";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";
import { deviceCoverage, truidConfig, TruIdError } from "./provider";

// Whether the phone showing a PhoneCheck is on a mobile network the check runs over
// (docs/providers.md#coverage): the panel asks the person to turn off Wi-Fi only when it is
// not, or when nobody can tell. Asking costs a turn off Wi-Fi nobody needed at worst; not
// asking when it was needed costs a failed check, so every doubt answers "unknown".

export type Coverage = "mobile" | "not_mobile" | "unknown";

/** What tru.ID says of `ip`: on a mobile network where PhoneCheck runs, not, or unknown. */
async function coverageOf(ip: string | undefined): Promise<Coverage> {
  const config = truidConfig();
  if (!config || !ip) return "unknown";
  try {
    const found = await deviceCoverage(config, ip);
    return found.reachable && found.phoneCheck ? "mobile" : "not_mobile";
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    log.warn("phonecheck coverage unknown", { ...error.summary });
    return "unknown";
  }
}

/**
 * The coverage of the caller's own address, for one of its pending PhoneCheck verifications:
 * only a browser that started a check may ask (404 otherwise, like its status), so the lookup
 * cannot be used to query tru.ID at will.
 */
export async function verificationCoverage(caller: Caller, id: string): Promise<Coverage> {
  const row = await findOwn(caller, id);
  if (row.method !== "phonecheck") {
    throw new ApiError("conflict", "This verification is not a mobile data check.");
  }
  if (row.status !== "pending") return "unknown";
  return coverageOf(caller.ip);
}
