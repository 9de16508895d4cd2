import "server-only";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { isBoundTo } from "@/lib/session";
import { sessionCookieFor } from "@/lib/core/browser";
import { refreshVerification } from "@/lib/core/service";

// The guide's polling form, GET /auth/true-sdk?requestId=… (seed 000, the Django demo), for
// clients written against it: same bodies, always HTTP 200. Unlike the guide it answers only
// the browser that started the request; anyone else gets the guide's unknown-id answer.

export type GuideAnswer =
  | { message: "Success"; status: "OK"; name: string }
  | { message: "Failed"; status: "NO" }
  | { message: "Invalid request"; status: "FAILED" };

const INVALID: GuideAnswer = { message: "Invalid request", status: "FAILED" };

/**
 * The requestId as the guide reads it: percent-decoded like Python's `unquote`, so a "+" in
 * Truecaller's base64 ids stays a "+" (URLSearchParams would make it a space).
 */
function requestIdOf(request: Request): string | undefined {
  const raw = /[?&]requestId=([^&#]*)/.exec(new URL(request.url).search)?.[1];
  if (raw === undefined) return undefined;
  try {
    const value = decodeURIComponent(raw);
    return value.length > 0 && value.length <= 256 ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function guidePoll(
  request: Request,
): Promise<{ body: GuideAnswer; setCookie?: string }> {
  const requestId = requestIdOf(request);
  const found = requestId
    ? await findVerificationByProviderRef("truecaller", requestId)
    : undefined;
  if (!found || !isBoundTo(request, found.bindingHash)) return { body: INVALID };
  const row = await refreshVerification(found);
  if (row.status === "approved") {
    return {
      body: { message: "Success", status: "OK", name: row.displayName ?? "" },
      setCookie: sessionCookieFor(request, row),
    };
  }
  return { body: row.status === "pending" ? { message: "Failed", status: "NO" } : INVALID };
}
