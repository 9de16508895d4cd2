import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { insertVerification } from "@/lib/db/verifications";
import { parsePhone } from "@/lib/phone";
import { bindingFor, type Caller } from "./caller";
import { takeAllowance } from "./limits";
import { requireProvider } from "./provider";
import type { MethodHandler, Outcome } from "./method";

export type StartInput = { phone: string; country?: string; options?: unknown };

/**
 * The one start sequence of every method: the number → the method on? → its per-number
 * allowance → the row, committed → the provider. The row exists before the provider is called
 * (docs/security.md#failing-closed), so a failure there leaves a verification that says why.
 * `binding` is a new binding secret when the caller had none: the route sets it as a cookie.
 */
export async function start(
  method: MethodHandler<Record<string, unknown>>,
  caller: Caller,
  input: StartInput,
): Promise<Outcome & { binding?: string }> {
  const parsed = parsePhone(input.phone, {
    country: input.country,
    allowedCountries: getEnv().ALLOWED_COUNTRIES,
  });
  if (!parsed.ok) throw new ApiError("invalid_phone", parsed.message);
  requireProvider(method.provider(), method.unavailable);
  const at = now();
  const id = randomId();
  const prepared = method.prepare({ id, phone: parsed.phone, at, options: input.options });
  if (prepared.allowance) await takeAllowance(prepared.allowance, at);
  const binding = bindingFor(caller);
  const row = await insertVerification({
    ...prepared.fields,
    id,
    method: method.name,
    phone: parsed.phone.e164,
    bindingHash: binding.hash,
    createdAt: at,
    updatedAt: at,
  });
  const outcome = prepared.begin ? await prepared.begin(row) : { verification: row };
  return { ...outcome, binding: binding.newSecret };
}
