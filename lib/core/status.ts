import "server-only";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { formatPhone } from "@/lib/phone";
import { holdsBinding, type Caller } from "./caller";
import { reasonWords } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locales";
import type { BaseDto } from "./dto";
import type { MethodHandler, ReasonRule } from "./method";
import { expireIfOverdue } from "./state-machine";

type AnyMethod = MethodHandler<Record<string, unknown>>;

/**
 * The verification if this caller's browser started it; otherwise the answer an unknown id
 * gets, so that an id alone reveals nothing (docs/security.md#enumeration).
 */
export async function findOwn(caller: Caller, id: string): Promise<Verification> {
  const row = id.length <= 64 ? await findVerification(id) : undefined;
  if (!row || !holdsBinding(caller, row.bindingHash)) throw notFound();
  return row;
}

/** What time (expiry) and then the provider (the method's refresh) say of a pending row. */
export async function refresh(method: AnyMethod, row: Verification): Promise<Verification> {
  const current = await expireIfOverdue(row, now());
  if (current.status !== "pending" || !method.refresh) return current;
  return method.refresh(current);
}

/**
 * The base of the status DTO, its words in `locale`; the method adds its details
 * (lib/methods/registry.ts). The reason is one of the method's codes: a code it does not give
 * (none is written) is no reason it can explain, so none.
 */
export function describe<Reason extends string>(
  method: { name: string; reasons: Partial<Record<Reason, ReasonRule>> },
  row: Verification,
  locale: Locale = "en",
): BaseDto<Reason> {
  const ended = row.status !== "pending" && row.status !== "approved";
  const reason = isReasonOf(method.reasons, row.statusReason) ? row.statusReason : null;
  const rule = reason ? method.reasons[reason] : undefined;
  const message =
    reason && rule
      ? { ...reasonWords(locale, method.name, rule.words ?? reason), retry: rule.retry }
      : ended
        ? { ...reasonWords(locale, method.name, "unexplained"), retry: true }
        : null;
  return {
    id: row.id,
    phone: row.phone,
    phoneDisplay: formatPhone(row.phone),
    status: row.status,
    reason,
    message,
    halted: row.status === "pending" && rule?.halts === true,
    displayName: row.status === "approved" ? row.displayName : null,
    expiresAt: new Date(row.expiresAt).toISOString(),
    serverTime: new Date(now()).toISOString(),
  };
}

function isReasonOf<Reason extends string>(
  reasons: Partial<Record<Reason, ReasonRule>>,
  reason: string | null,
): reason is Reason {
  return reason !== null && Object.hasOwn(reasons, reason);
}
