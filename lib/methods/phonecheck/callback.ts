import "server-only";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";
import { now } from "@/lib/clock";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { CallbackRejected, truidConfig, verifyCallback, type CallbackRequest } from "./provider";
import { applyCheckState } from "./check";

// tru.ID's signed callback (when TRUID_CALLBACK_URL is set): nothing in it is believed before
// its HTTP signature and digest check out against tru.ID's JWKS (docs/security.md#phonecheck). A verified
// callback is tru.ID speaking, so its result counts for v0.1 and v0.2 alike (for v0.2, a
// COMPLETED check means our PATCH already happened).

/** `request`: the callback as it arrived (method, URL, headers), since the signature covers them. */
export async function receiveCallback(
  request: CallbackRequest,
  body: string,
): Promise<{ applied: boolean }> {
  const config = truidConfig();
  if (!config) throw new ApiError("not_found", "tru.ID is not configured on this server.");
  let check;
  try {
    check = await verifyCallback(config, request, body);
  } catch (error) {
    if (!(error instanceof CallbackRejected)) throw error;
    log.warn("phonecheck callback refused", { reason: error.reason });
    throw new ApiError("bad_request", "The callback's signature is missing or not valid.");
  }
  const found = await findVerificationByProviderRef("phonecheck", check.checkId);
  // The one expiry rule: a result that comes after the verification's time is up counts for
  // nothing; the verification is expired now, as a status poll would.
  const at = now();
  const row = found && (await expireIfOverdue(found, at));
  // An unknown, overdue or finished check is acknowledged all the same: tru.ID would only
  // retry it.
  if (!row || row.status !== "pending") return { applied: false };
  const settled = await applyCheckState(row, check, true, at);
  log.info("phonecheck callback", { verificationId: row.id, status: check.status });
  return { applied: settled.status !== "pending" };
}
