import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { ApiError, notFound } from "@/lib/errors";
import type { Verification, VerificationMethod } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { expireIfOverdue } from "./state-machine";
import { parsePhone } from "@/lib/phone";
import { bindingFor, isBoundTo } from "@/lib/session";
import { baseDto, type VerificationDto } from "./dto";
import { methodHandlers, type StartResult } from "@/lib/methods/registry";

// The core every method shares: start, find (bound to the starting browser), refresh, describe.

export function handlerFor(method: VerificationMethod) {
  const handler = methodHandlers[method];
  if (!handler || !handler.available()) {
    throw new ApiError(
      "method_unavailable",
      `The ${method} method is not available on this server.`,
    );
  }
  return handler;
}

export function availableMethods(): VerificationMethod[] {
  return (Object.keys(methodHandlers) as VerificationMethod[]).filter((method) =>
    methodHandlers[method]?.available(),
  );
}

export async function startVerification(
  request: Request,
  input: { method: VerificationMethod; phone: string; country?: string },
): Promise<StartResult & { setCookie: string | undefined }> {
  const parsed = parsePhone(input.phone, {
    country: input.country,
    allowedCountries: getEnv().ALLOWED_COUNTRIES,
  });
  if (!parsed.ok) throw new ApiError("invalid_phone", parsed.message);
  const handler = handlerFor(input.method);
  const binding = bindingFor(request);
  const result = await handler.start({ phone: parsed.phone, bindingHash: binding.hash, request });
  return { ...result, setCookie: binding.setCookie };
}

/** The verification if this browser started it; otherwise the same answer as an unknown id. */
export async function findOwnVerification(request: Request, id: string): Promise<Verification> {
  const row = id.length <= 64 ? await findVerification(id) : undefined;
  if (!row || !isBoundTo(request, row.bindingHash)) throw notFound();
  return row;
}

/** Applies what time (expiry) and the provider (a method's refresh) say about a pending row. */
export async function refreshVerification(row: Verification): Promise<Verification> {
  const current = await expireIfOverdue(row, now());
  if (current.status !== "pending") return current;
  const handler = methodHandlers[current.method];
  return handler?.refresh ? handler.refresh(current) : current;
}

export function toDto(row: Verification): VerificationDto {
  const handler = methodHandlers[row.method];
  return { ...baseDto(row, now()), ...handler?.details?.(row) };
}
