import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { now } from "@/lib/clock";
import { hmac, safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { findSession } from "@/lib/db/sessions";
import { findVerification } from "@/lib/db/verifications";
import { formatPhone } from "@/lib/phone";
import { appSecret } from "@/lib/secrets";
import { bindingFor, holdsBinding, type Caller } from "@/lib/core/caller";
import { handoffCoverage } from "./coverage";
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

/** The verification a handoff link names, if the link is ours and it is a PhoneCheck. */
async function linked(token: string): Promise<Verification | undefined> {
  const [id, mac, extra] = token.split(".");
  if (!id || !mac || extra !== undefined || id.length > 64 || !safeEqual(mac, tokenMac(id))) {
    return undefined;
  }
  const found = await findVerification(id);
  if (!found || found.method !== "phonecheck") return undefined;
  return expireIfOverdue(found, now());
}

/**
 * What a handoff link's page asks ("Verify {phone} for {host}?"): for which number, for which
 * site; `offMobile`: tru.ID says the phone's
 * address is on no mobile network the check runs over (on Wi-Fi, most likely), where the check
 * would fail on tru.ID's page, which the person could not come back from.
 */
export type HandoffQuestion = { phone: MaskedPhone; host: string; offMobile: boolean };

/**
 * What a GET of a handoff link answers; it binds nothing and changes nothing (it spends at most
 * one of the verification's coverage lookups), so that a link previewer's fetch leaves the link
 * to the phone (docs/security.md#phonecheck). A browser that
 * may already act on the check goes on to it: the one that started it (it holds the
 * verification's binding: whoever taps here typed the number, on this device, and the page
 * would only ask them about their own doing), and the phone that already said yes on the page.
 * Any other browser, while the check is open and no phone has taken it, is asked first: which
 * site asks and for which number (masked), and the warning that a link somebody else sent is
 * their check, not the person's. Otherwise, the same "link not valid" page whatever the reason.
 */
export async function viewHandoff(
  caller: Caller,
  token: string,
): Promise<{ redirect: string } | { ask: HandoffQuestion }> {
  const row = await linked(token);
  if (!row) return { redirect: INVALID_LINK };
  const state = stateOf(row);
  const who = whoIs(caller, row);
  if (who) {
    return {
      redirect: row.status === "pending" && state.checkUrl ? state.checkUrl : resultPage(row, who),
    };
  }
  if (row.status !== "pending" || !state.checkUrl || state.handoff) {
    return { redirect: INVALID_LINK };
  }
  const [host, coverage] = await Promise.all([askingHost(row), handoffCoverage(row, caller.ip)]);
  return { ask: { phone: maskedPhone(row.phone), host, offMobile: coverage === "not_mobile" } };
}

/**
 * Who asks for the number: the app of the verification's session (its return_url's host, as
 * its hosted page names it), or this site.
 */
async function askingHost(row: Verification): Promise<string> {
  const session = row.sessionId ? await findSession(row.sessionId) : undefined;
  return new URL(session?.returnUrl ?? getEnv().appUrl).host;
}

/** Digits of a number the page shows; the rest are dots. */
const SHOWN_DIGITS = 4;

/** A number as the handoff page shows it: masked, and in words for a screen reader. */
export type MaskedPhone = { masked: string; code: string; last: string };

/**
 * A number as its owner would recognise it and a stranger could not read it: the international
 * format with its country code and its last digits, each other digit a dot
 * ("+44 7900 123460" → "+44 •••• ••3460").
 */
export function maskedPhone(e164: string): MaskedPhone {
  const display = formatPhone(e164);
  const country = parsePhoneNumberFromString(e164)?.countryCallingCode;
  const code = country && display.startsWith(`+${country}`) ? `+${country}` : "";
  const rest = display.slice(code.length);
  const digits = rest.replace(/\D/g, "");
  const hidden = digits.length - SHOWN_DIGITS;
  let seen = 0;
  return {
    masked: code + rest.replace(/\d/g, (digit) => (++seen > hidden ? digit : "•")),
    code,
    last: digits.slice(-SHOWN_DIGITS),
  };
}

/**
 * Continue on a handoff link's page (a same-origin POST): the answer is a redirect, to tru.ID's
 * check URL for the starting browser or the phone this link belongs to (binding it on first
 * use); anywhere else, to the same "link not valid" page whatever the reason (unknown, used by
 * another phone, expired).
 */
export async function openHandoff(
  caller: Caller,
  token: string,
): Promise<{ location: string; binding?: string }> {
  const row = await linked(token);
  if (!row) return { location: INVALID_LINK };
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
