import "server-only";
import { now } from "@/lib/clock";
import type { Caller } from "@/lib/core/caller";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { expireIfOverdue, fail } from "@/lib/core/state-machine";
import { findVerification, findVerificationByProviderRef } from "@/lib/db/verifications";
import { redeemCode, TruIdError } from "./provider";
import { applyCheckState, requireTruid } from "./check";
import { INVALID_LINK, resultPage, whoIs } from "./handoff";
import { changeState } from "./state";

// v0.2's return leg: tru.ID sends the phone to our redirect_url with ?check_id=…&code=…, and
// the server redeems the code with the PATCH (docs/security.md#phonecheck).
// - Only the browser that started the check, or the phone it was handed to, is heard; anyone
//   else gets the answer an unknown check_id gets, and nothing reaches tru.ID.
// - A code is redeemed once: a replay (a reload, a second tab, a concurrent request) finds the
//   claim or the final state and is answered with it, without a second PATCH or approval.

const CLAIM_STALE_MS = 30_000; // a claim whose request died does not block a retry for ever

type Landing = {
  checkId: string | null;
  code: string | null;
  error: string | null;
};

/** Answers a landing with where the browser goes next. */
export async function land(caller: Caller, landing: Landing): Promise<{ location: string }> {
  const checkId = landing.checkId ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(checkId)) return { location: INVALID_LINK };
  const found = await findVerificationByProviderRef("phonecheck", checkId);
  const who = found ? whoIs(caller, found) : undefined;
  if (!found || !who) return { location: INVALID_LINK };
  const row = await settle(found, landing);
  return { location: resultPage(row, who) };
}

async function settle(found: Verification, landing: Landing): Promise<Verification> {
  const at = now();
  const row = await expireIfOverdue(found, at);
  if (row.status !== "pending") return row; // a replay: the final state, nothing redeemed
  if (landing.error) {
    // The operator's error variant: ?check_id=…&error=mno_redirect_unsupported&error_description=…
    log.info("phonecheck redirect error", {
      verificationId: row.id,
      error: landing.error.slice(0, 64),
    });
    return (await fail(row, "check_error", at)) ?? row;
  }
  const code = landing.code ?? "";
  if (code === "" || code.length > 256) return row;
  const claim = await changeState(row, (state) =>
    state.redeemingSince !== undefined && at - state.redeemingSince < CLAIM_STALE_MS
      ? undefined
      : { ...state, redeemingSince: at },
  );
  if (!claim.changed) return claim.row; // being redeemed by another request, or finished
  try {
    const result = await redeemCode(requireTruid(), row.providerRef!, code);
    const settled = await applyCheckState(claim.row, result, true);
    if (settled.status === "pending") await release(settled);
    return (await findVerification(row.id)) ?? settled;
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    log.warn("phonecheck code redemption failed", { verificationId: row.id, kind: error.kind });
    if (error.kind === "not_found") {
      // tru.ID has no code for this check: the check URL was never opened to its end.
      return (await fail(claim.row, "check_error", now())) ?? claim.row;
    }
    await release(claim.row);
    return (await findVerification(row.id)) ?? claim.row;
  }
}

/** Lets a later landing try again after a redemption that tru.ID did not settle. */
async function release(row: Verification): Promise<void> {
  await changeState(row, (state) => {
    if (state.redeemingSince === undefined) return undefined;
    const next = { ...state };
    delete next.redeemingSince;
    return next;
  });
}
