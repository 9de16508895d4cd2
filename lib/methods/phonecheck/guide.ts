import "server-only";
import { now } from "@/lib/clock";
import { anyPhoneMethod } from "@/lib/method-names";
import { ApiError, notFound, type ErrorCode } from "@/lib/errors";
import type { Verification } from "@/lib/db/schema";
import { findVerification, findVerificationByProviderRef } from "@/lib/db/verifications";
import type { Caller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { describe, refresh } from "@/lib/core/status";
import { phonecheckMethod } from "./handler";
import { whoIs } from "./handoff";
import { redeem, redeemedWith, type RedeemFailure } from "./redeem";
import { stateOf } from "./state";
import { phonecheckSettings } from "./settings";

// The tru.ID guide's server endpoints (docs/providers.md#truid-phonecheck) and tru.ID's
// exchange-code endpoint (docs/providers.md#native-sdks-and-the-exchange-code-endpoint), over the
// same core as the browser:
//   POST {phone_number} → {check_id, check_url}        GET ?check_id=… → {check_id, match, status}
//   POST exchange-code {check_id, code} → {check_id, match, status}
// A check made here is for a device: it has no redirect_url, so tru.ID answers the device's
// last request with {check_id, code}, and the app brings the code to exchange-code. The code is
// the proof of the device, so exchange-code needs no cookie; the GET answers only the caller
// the POST bound the check to (the binding cookie).

type GuideCheck = { check_id: string; check_url: string };
type GuideResult = { check_id: string; match: boolean; status: string };

const CHECK_ID = /^[A-Za-z0-9-]{1,64}$/;

const failures: Record<string, ErrorCode> = {
  phone_format_invalid: "invalid_phone",
  mno_not_supported: "bad_request",
  ip_msisdn_mismatch: "conflict",
  not_mobile_ip: "conflict",
  rate_limited: "rate_limited",
  provider_timeout: "provider_timeout",
};

/** The check, or why there is none; `binding`: a new binding secret to set either way. */
export async function guideStart(
  caller: Caller,
  phoneNumber: string,
): Promise<{ check?: GuideCheck; error?: ApiError; binding?: string }> {
  // The guide sends E.164 digits ("447900123456"); a leading "+" is accepted too.
  const digits = phoneNumber.trim().replace(/^\+/, "");
  if (!/^[1-9]\d{6,14}$/.test(digits)) {
    throw new ApiError("invalid_phone", "phone_number: E.164 digits, e.g. 447900123456.");
  }
  const { verification, binding } = await start(phonecheckMethod, caller, {
    phone: `+${digits}`,
    options: { device: true },
  });
  const checkUrl = stateOf(verification).checkUrl;
  if (verification.status !== "pending" || !verification.providerRef || !checkUrl) {
    return { error: startFailure(verification), binding };
  }
  return { check: { check_id: verification.providerRef, check_url: checkUrl }, binding };
}

function startFailure(row: Verification): ApiError {
  const reason = row.statusReason ?? "provider_error";
  // The words every other client gets for this ending (the status DTO's `message`), in English.
  const ending = describe(phonecheckMethod, { ...row, statusReason: reason }).message;
  const message = ending?.text ?? reason;
  // The way on for a client of the guide: the method every phone can take.
  const details = { reason, fallback: anyPhoneMethod };
  if (reason === "rate_limited") {
    // tru.ID's Retry-After, passed on.
    const seconds = Math.max(1, Math.ceil(stateOf(row).retryAfter ?? 30));
    return new ApiError("rate_limited", message, {
      details: { ...details, retryAfter: seconds },
      headers: { "Retry-After": String(seconds) },
    });
  }
  return new ApiError(failures[reason] ?? "provider_error", message, { details });
}

/** tru.ID's words for where our verification stands. */
function truStatus(row: Verification): string {
  switch (row.status) {
    case "approved":
    case "rejected":
      return "COMPLETED";
    case "expired":
      return "EXPIRED";
    case "pending":
      return stateOf(row).lastStatus === "PENDING" ? "PENDING" : "ACCEPTED";
    default:
      return "ERROR";
  }
}

function resultOf(row: Verification): GuideResult {
  return { check_id: row.providerRef!, match: row.status === "approved", status: truStatus(row) };
}

function findCheck(checkId: string): Promise<Verification | undefined> {
  return CHECK_ID.test(checkId)
    ? findVerificationByProviderRef("phonecheck", checkId)
    : Promise.resolve(undefined);
}

export async function guideResult(caller: Caller, checkId: string): Promise<GuideResult> {
  const found = await findCheck(checkId);
  if (!found || !whoIs(caller, found)) throw notFound("check");
  return resultOf(await refresh(phonecheckMethod, found));
}

// How often a request for a code being redeemed looks again, and how long past tru.ID's
// timeout it waits before answering 409.
const REDEEM_POLL_MS = 50;
const REDEEM_WAIT_MARGIN_MS = 2_000;

const exchangeFailures: Record<RedeemFailure, ApiError> = {
  busy: new ApiError("conflict", "This code is being redeemed. Ask again in a moment."),
  unknown_code: new ApiError(
    "not_found",
    "tru.ID has no code for this check: open the check URL over mobile data first.",
  ),
  timeout: new ApiError("provider_timeout", "tru.ID did not answer in time. Try again."),
  provider: new ApiError("provider_error", "tru.ID could not redeem the code. Try again."),
};

/**
 * Redeems the code a device got at the end of its check (tru.ID's exchange-code). Only checks
 * made here for a device qualify: a browser's check is redeemed by its own bound landing, and
 * its check_id answers as an unknown one. Once redeemed, only the same code reads the result.
 */
export async function exchangeCode(checkId: string, code: string): Promise<GuideResult> {
  const found = await findCheck(checkId);
  const state = found ? stateOf(found) : undefined;
  if (!found || !state?.device || state.version !== "v0.2") throw notFound("check");
  let row = await expireIfOverdue(found, now());
  // An app that retries sends the same code again while the first request is still with
  // tru.ID: the retry waits for that redemption and answers what it settled, or redeems itself
  // if it left the check pending. The first request gives up after tru.ID's timeout.
  const waitUntil =
    performance.now() + phonecheckSettings.read().TRUID_TIMEOUT_MS + REDEEM_WAIT_MARGIN_MS;
  while (row.status === "pending") {
    const result = await redeem(row, code, { endOnUnknownCode: false });
    row = result.row;
    if (result.failure === undefined) break;
    if (result.failure !== "busy" || performance.now() > waitUntil) {
      throw exchangeFailures[result.failure];
    }
    await new Promise((resolve) => setTimeout(resolve, REDEEM_POLL_MS));
    row = (await findVerification(row.id)) ?? row;
  }
  // Redeemed with another code (a wrong one completes the check without a match, as tru.ID
  // does): said as such, but the result goes only to the code that redeemed it.
  if (stateOf(row).codeMac !== undefined && !redeemedWith(row, code)) {
    throw new ApiError(
      "conflict",
      "This check was already redeemed with another code; its result goes only to that code.",
    );
  }
  return resultOf(row);
}
