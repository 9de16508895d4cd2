import "server-only";
import { holdsBinding, type Caller } from "@/lib/core/caller";
import { refresh } from "@/lib/core/status";
import type { Verification } from "@/lib/db/schema";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { truecallerMethod } from "./handler";

// The guide's polling form, GET /auth/true-sdk?requestId=… (docs/providers.md#truecaller; the
// Django demo), for clients written against it: same bodies, always HTTP 200. Unlike the guide
// it answers only the browser that started the request; anyone else gets its unknown-id answer.

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
