import "server-only";
import { now } from "@/lib/clock";
import { hmac, safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { findVerification } from "@/lib/db/verifications";
import { appSecret } from "@/lib/secrets";
import { bindingFor, holdsBinding, type Caller } from "@/lib/core/caller";
import { changeState, stateOf } from "./state";

// Desktop → phone. The desktop that started the check holds the binding cookie; the phone that
// scans its QR code does not. The QR code carries our own URL with a one-time token (an HMAC of
// the verification id under the server secret: 256 bits, never stored): the first browser to
// open it becomes the verification's phone (the hash of its binding secret goes into the
// provider state) and is sent on to tru.ID's check URL. Only the starting browser and that phone
// may then bring a code back (redeem.ts).

export const INVALID_LINK = "/phone-check/done";

function tokenMac(id: string): string {
  return hmac(appSecret(), `phonecheck-handoff:${id}`);
}

export function handoffUrl(id: string): string {
  return `${getEnv().appUrl}/phone-check/open/${id}.${tokenMac(id)}`;
}

export type Who = "starter" | "phone";

/** Which of the two browsers allowed to act on this check the caller is, if either. */
export function whoIs(caller: Caller, row: Verification): Who | undefined {
  if (holdsBinding(caller, row.bindingHash)) return "starter";
  const handoff = stateOf(row).handoff;
  if (handoff && holdsBinding(caller, handoff.bindingHash)) return "phone";
  return undefined;
}

/** Where a browser goes once the check is over: the status view, or the phone's result page. */
export function resultPage(row: Verification, who: Who): string {
  return who === "starter" ? `/verify/${row.id}` : `/phone-check/done?id=${row.id}`;
}

/**
 * Opens a handoff link: the answer is a redirect, to tru.ID's check URL for the starting
 * browser or the phone this link belongs to (binding it on first use); anywhere else, to the
 * same "link not valid" page whatever the reason (unknown, used by another phone, expired).
 */
export async function openHandoff(
  caller: Caller,
  token: string,
): Promise<{ location: string; binding?: string }> {
  const [id, mac, extra] = token.split(".");
  if (!id || !mac || extra !== undefined || id.length > 64 || !safeEqual(mac, tokenMac(id))) {
    return { location: INVALID_LINK };
  }
  const found = await findVerification(id);
  if (!found || found.method !== "phonecheck") return { location: INVALID_LINK };
  const row = await expireIfOverdue(found, now());
  const checkUrl = stateOf(row).checkUrl;
  const who = whoIs(caller, row);
  if (who)
    return { location: row.status === "pending" && checkUrl ? checkUrl : resultPage(row, who) };
  if (row.status !== "pending" || !checkUrl) return { location: INVALID_LINK };

  const binding = bindingFor(caller);
  const at = now();
  const claimed = await changeState(row, (state) =>
    state.handoff ? undefined : { ...state, handoff: { bindingHash: binding.hash, at } },
  );
  if (!claimed.changed) {
    // Another browser took the link first (or the check ended meanwhile).
    return whoIs(caller, claimed.row) === "phone"
      ? { location: checkUrl }
      : { location: INVALID_LINK };
  }
  log.info("phonecheck handed off to a phone", { verificationId: row.id });
  return { location: checkUrl, binding: binding.newSecret };
}
