import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { ApiError, notFound } from "@/lib/errors";
import type { Verification, VerificationMethod } from "@/lib/db/schema";
import { finishVerification, findVerification } from "@/lib/db/verifications";
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
  if (row.status !== "pending") return row;
  const at = now();
  if (row.expiresAt < at) {
    const reason = row.method === "sms" ? "code_expired" : "timed_out";
    return (
      (await finishVerification(row.id, "expired", at, { statusReason: reason })) ??
      (await reread(row))
    );
  }
  const handler = methodHandlers[row.method];
  return handler?.refresh ? handler.refresh(row) : row;
}

async function reread(row: Verification): Promise<Verification> {
  return (await findVerification(row.id)) ?? row;
}

export function toDto(row: Verification): VerificationDto {
  const handler = methodHandlers[row.method];
  return { ...baseDto(row, now()), ...handler?.details?.(row) };
}
