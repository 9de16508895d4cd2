import "server-only";
import { holdsBinding, type Caller } from "@/lib/core/caller";
import { start } from "@/lib/core/start";
import { describe, refresh } from "@/lib/core/status";
import type { Verification } from "@/lib/db/schema";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { ApiError } from "@/lib/errors";
import { truecallerMethod } from "./handler";

// The guide's page API (docs/providers.md#truecaller; the Django demo), for pages written
// against it, over the same core as the browser:
//   POST /ajaxpost phone_number=… → {status_code, text, requestId}   (a prompt pushed, flow A)
//   GET /auth/true-sdk?requestId=… → {"status":"OK","name":…} | "NO" | "FAILED"
// Unlike the guide, a request is answered only to the browser that started it (the binding
// cookie the POST sets); anyone else gets the guide's unknown-id answer.

/**
 * The guide's answer to POST /ajaxpost: the status Truecaller's requests endpoint answered and
 * what it said, and the request's id (null when there is none). The guide's page checks
 * `status_code === 200`, then polls with `requestId`, else shows `text`.
 */
export type GuidePush = { status_code: number; text: string; requestId: string | null };

// The status Truecaller answers for each way a push can end at once (docs/providers.md#truecaller).
const STATUS_OF_ENDING: Record<string, number> = {
  not_truecaller_user: 403,
  provider_timeout: 504,
};

/**
 * Pushes a prompt to the Truecaller app of `phoneNumber` (E.164 digits, as the guide sends
 * them, or with a "+"). Whatever Truecaller answered is a 200 carrying its status, as the
 * guide's was; what is refused before Truecaller is asked (a bad number, a limit) throws.
 */
export async function guidePush(
  caller: Caller,
  phoneNumber: string,
): Promise<{ answer: GuidePush; binding?: string }> {
  const digits = phoneNumber.trim().replace(/^\+/, "");
  if (!/^[1-9]\d{6,14}$/.test(digits)) {
    throw new ApiError(
      "invalid_phone",
      "phone_number: the number with its country code, without spaces, e.g. 12065550123.",
    );
  }
  const { verification, binding } = await start(truecallerMethod, caller, {
    phone: `+${digits}`,
    options: { flow: "push" },
  });
  const requestId = verification.providerRef;
  if (verification.status === "pending" && requestId) {
    const answer = { status_code: 200, text: JSON.stringify({ requestId }), requestId };
    return { answer, binding };
  }
  const ending = describe(truecallerMethod, verification, caller.locale).message;
  const answer = {
    status_code: STATUS_OF_ENDING[verification.statusReason ?? ""] ?? 502,
    text: ending?.text ?? "Truecaller could not be reached.",
    requestId: null,
  };
  return { answer, binding };
}

type GuideAnswer =
  | { message: "Success"; status: "OK"; name: string }
  | { message: "Failed"; status: "NO" }
  | { message: "Invalid request"; status: "FAILED" };

const INVALID: GuideAnswer = { message: "Invalid request", status: "FAILED" };

/**
 * The requestId as the guide reads it: percent-decoded like Python's `unquote`, so a "+" in
 * Truecaller's base64 ids stays a "+" (URLSearchParams would make it a space).
 */
export function requestIdOf(url: string): string | undefined {
  const raw = /[?&]requestId=([^&#]*)/.exec(new URL(url).search)?.[1];
  if (raw === undefined) return undefined;
  try {
    const value = decodeURIComponent(raw);
    return value.length > 0 && value.length <= 256 ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function guidePoll(
  caller: Caller,
  requestId: string | undefined,
): Promise<{ answer: GuideAnswer; verification?: Verification }> {
  const found = requestId
    ? await findVerificationByProviderRef("truecaller", requestId)
    : undefined;
  if (!found || !holdsBinding(caller, found.bindingHash)) return { answer: INVALID };
  const row = await refresh(truecallerMethod, found);
  if (row.status === "approved") {
    return {
      answer: { message: "Success", status: "OK", name: row.displayName ?? "" },
      verification: row,
    };
  }
  return { answer: row.status === "pending" ? { message: "Failed", status: "NO" } : INVALID };
}
