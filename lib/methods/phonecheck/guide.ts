import "server-only";
import { ApiError, notFound, type ErrorCode } from "@/lib/errors";
import type { Verification } from "@/lib/db/schema";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import type { Caller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { refresh } from "@/lib/core/status";
import { phonecheckMethod } from "./handler";
import { whoIs } from "./handoff";
import { phonecheckWords } from "./reasons";
import { stateOf } from "./state";

// The tru.ID guide's server endpoints (docs/providers.md#truid-phonecheck), over the same core
// as the browser:
//   POST {phone_number} → {check_id, check_url}     GET ?check_id=… → {match, status}
// The POST binds the check to the caller (the binding cookie), and only that caller (or a phone
// it handed the check to) can read the result or bring back a v0.2 code.

type GuideCheck = { check_id: string; check_url: string };

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
  });
  const checkUrl = stateOf(verification).checkUrl;
  if (verification.status !== "pending" || !verification.providerRef || !checkUrl) {
    return { error: startFailure(verification), binding };
  }
  return { check: { check_id: verification.providerRef, check_url: checkUrl }, binding };
}

function startFailure(row: Verification): ApiError {
  const reason = row.statusReason ?? "provider_error";
  const message = phonecheckWords(reason).text;
  const details = { reason, fallback: "sms" };
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

export async function guideResult(
  caller: Caller,
  checkId: string,
): Promise<{ match: boolean; status: string }> {
  const found = /^[A-Za-z0-9-]{1,64}$/.test(checkId)
    ? await findVerificationByProviderRef("phonecheck", checkId)
    : undefined;
  if (!found || !whoIs(caller, found)) throw notFound("check");
  const row = await refresh(phonecheckMethod, found);
  return { match: row.status === "approved", status: truStatus(row) };
}
