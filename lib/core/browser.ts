import "server-only";
import { getEnv } from "@/lib/env";
import { ApiError, notFound } from "@/lib/errors";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { issueSession, readSession } from "@/lib/session";
import type { VerificationDto } from "./dto";
import { findOwnVerification, refreshVerification, toDto } from "./service";
import { checkCode, resendCode } from "@/lib/methods/sms/sms";

// What the browser API does beyond the core: codes and resends for the SMS method, and the
// session cookie once a verification is approved.

export type BrowserAnswer = { verification: VerificationDto; setCookie?: string };

/** The signed session for an approved verification, unless this browser already holds it. */
export function sessionCookieFor(request: Request, row: Verification): string | undefined {
  if (row.status !== "approved") return undefined;
  if (readSession(request)?.verificationId === row.id) return undefined;
  return issueSession(request, {
    phone: row.phone,
    method: row.method,
    verificationId: row.id,
    name: row.displayName ?? undefined,
  }).setCookie;
}

export async function verificationStatus(request: Request, id: string): Promise<BrowserAnswer> {
  const row = await refreshVerification(await findOwnVerification(request, id));
  return { verification: toDto(row), setCookie: sessionCookieFor(request, row) };
}

export async function submitCode(
  request: Request,
  id: string,
  code: string,
): Promise<BrowserAnswer> {
  const row = await findOwnVerification(request, id);
  if (row.method !== "sms")
    throw new ApiError("conflict", "This verification does not take a code.");
  const length = getEnv().CODE_LENGTH;
  if (!new RegExp(`^\\d{${length}}$`).test(code)) {
    throw new ApiError("invalid_code", `Enter the ${length}-digit code from the SMS.`);
  }
  const result = await checkCode(row.id, code);
  switch (result.kind) {
    case "approved":
      return {
        verification: toDto(result.verification),
        setCookie: sessionCookieFor(request, result.verification),
      };
    case "wrong": {
      const plural = result.attemptsLeft === 1 ? "attempt" : "attempts";
      throw new ApiError(
        "invalid_code",
        `That code is not right. ${result.attemptsLeft} ${plural} left.`,
        {
          details: { attemptsLeft: result.attemptsLeft },
        },
      );
    }
    case "locked":
      throw new ApiError("locked", "Too many wrong codes. Start again to get a new code.", {
        details: { attemptsLeft: 0 },
      });
    case "expired":
      throw new ApiError("expired", "This code has expired. Ask for a new one.");
    case "gone": {
      // Finished by a parallel request: only the request that consumed the code succeeds.
      const latest = await findVerification(row.id);
      if (latest?.status === "approved") {
        throw new ApiError("conflict", "This verification is already complete.");
      }
      throw notFound();
    }
  }
}

export async function resend(
  request: Request,
  id: string,
): Promise<BrowserAnswer & { problem?: string }> {
  const row = await findOwnVerification(request, id);
  if (row.method !== "sms") throw new ApiError("conflict", "Only SMS codes can be resent.");
  const { verification, delivery } = await resendCode(row);
  return { verification: toDto(verification), problem: delivery.ok ? undefined : delivery.message };
}
