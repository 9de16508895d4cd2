import "server-only";
import { now } from "@/lib/clock";
import type { Caller } from "@/lib/core/caller";
import { hmac, safeEqual } from "@/lib/crypto";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { findVerification, findVerificationByProviderRef } from "@/lib/db/verifications";
import { appSecret } from "@/lib/secrets";
import { redeemCode, TruIdError } from "./provider";
import { applyCheckState, requireTruid } from "./check";
import { INVALID_LINK, resultPage, whoIs } from "./handoff";
import { changeState, isRedeeming, stateOf } from "./state";
import { fail } from "./reasons";

// v0.2's code exchange (docs/security.md#phonecheck): the device that opened the check URL got a
// one-time code, and the server redeems it with the PATCH. It comes back two ways:
// - a browser lands on our redirect_url with ?check_id=…&code=… (land, below): only the browser
//   that started the check, or the phone it was handed to, is heard; anyone else gets the answer
//   an unknown check_id gets, and nothing reaches tru.ID;
// - a native app sends {check_id, code} to exchange-code (guide.ts): the code is the proof.
// Either way a code is redeemed once: a replay (a reload, a retry, a concurrent request) finds
// the claim or the final state and is answered with it, without a second PATCH or approval.

const REDEEM_MARGIN_MS = 5_000;

type Landing = {
  checkId: string | null;
  code: string | null;
  error: string | null;
};

/** Why a redemption left the check pending. */
export type RedeemFailure = "busy" | "unknown_code" | "timeout" | "provider";

/** Answers a landing with where the browser goes next. */
export async function land(caller: Caller, landing: Landing): Promise<{ location: string }> {
  const checkId = landing.checkId ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(checkId)) return { location: INVALID_LINK };
  const found = await findVerificationByProviderRef("phonecheck", checkId);
  const who = found ? whoIs(caller, found) : undefined;
  if (!found || !who) return { location: INVALID_LINK };
  const row = await settleLanding(found, landing);
  return { location: resultPage(row, who) };
}

async function settleLanding(found: Verification, landing: Landing): Promise<Verification> {
  const at = now();
  const row = await expireIfOverdue(found, at);
  if (row.status !== "pending") return row; // a replay: the final state, nothing redeemed
  if (landing.error) {
    // The operator's error variant: ?check_id=…&error=mno_redirect_unsupported&error_description=…
    log.info("phonecheck redirect error", {
      verificationId: row.id,
      error: landing.error.slice(0, 64),
    });
    // The operator cannot do the redirect: what tru.ID's check says then (check.ts), so that
    // the landing and a poll, whichever comes first, end it alike.
    const reason =
      landing.error === "mno_redirect_unsupported" ? "mno_not_supported" : "check_error";
    return (await fail(row, reason, at)) ?? row;
  }
  // The browser is bound to the check: a code tru.ID does not know means it cannot complete.
  return (await redeem(row, landing.code ?? "", { endOnUnknownCode: true })).row;
}

/** Whether `code` is the one this check's redemption was claimed with (constant time). */
export function redeemedWith(row: Verification, code: string): boolean {
  const claimed = stateOf(row).codeMac;
  return claimed !== undefined && safeEqual(claimed, codeMac(row, code));
}

function codeMac(row: Verification, code: string): string {
  return hmac(appSecret(), `phonecheck-code:${row.id}:${code}`);
}

/**
 * Redeems `code` for a pending check, once. `endOnUnknownCode`: whether tru.ID's 404 (it holds
 * no code for the check: the URL was never opened to its end) ends the check. Only for a caller
 * bound to it; a stranger's guess must not end someone else's check.
 */
export async function redeem(
  row: Verification,
  code: string,
  options: { endOnUnknownCode: boolean },
): Promise<{ row: Verification; failure?: RedeemFailure }> {
  if (code === "" || code.length > 256) return { row, failure: "unknown_code" };
  const at = now();
  const config = requireTruid();
  // The code came in time: the check stays open while tru.ID is asked (its timeout, and a
  // margin), so that a status poll meanwhile does not expire it under the redemption.
  const claim = await changeState(
    row,
    (state) =>
      isRedeeming(state, at)
        ? undefined
        : { ...state, redeemingSince: at, codeMac: codeMac(row, code) },
    { set: { expiresAt: Math.max(row.expiresAt, at + config.timeoutMs + REDEEM_MARGIN_MS) } },
  );
  if (!claim.changed) {
    // Being redeemed by another request, or finished meanwhile.
    return claim.row.status === "pending"
      ? { row: claim.row, failure: "busy" }
      : { row: claim.row };
  }
  try {
    const result = await redeemCode(config, row.providerRef!, code);
    const settled = await applyCheckState(claim.row, result, true, at);
    if (settled.status === "pending") await release(settled, row.expiresAt);
    return { row: (await findVerification(row.id)) ?? settled };
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    log.warn("phonecheck code redemption failed", { verificationId: row.id, kind: error.kind });
    if (error.kind === "not_found" && options.endOnUnknownCode) {
      return { row: (await fail(claim.row, "check_error", now())) ?? claim.row };
    }
    await release(claim.row, row.expiresAt);
    const failure =
      error.kind === "not_found"
        ? "unknown_code"
        : error.kind === "timeout"
          ? "timeout"
          : "provider";
    return { row: (await findVerification(row.id)) ?? claim.row, failure };
  }
}

/**
 * Lets a later landing try again after a redemption that tru.ID did not settle, and gives back
 * the time the claim held the check open for (`expiresAt`, the expiry before it): else every
 * unsettled redemption, a stranger's guessed code among them, would push the expiry back.
 */
async function release(row: Verification, expiresAt: number): Promise<void> {
  await changeState(
    row,
    (state) => {
      if (state.redeemingSince === undefined) return undefined;
      const next = { ...state };
      delete next.redeemingSince;
      delete next.codeMac;
      return next;
    },
    { set: { expiresAt } },
  );
}
