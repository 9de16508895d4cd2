import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import type { Verification } from "@/lib/db/schema";
import {
  releaseStartLock,
  settleStartLock,
  takeOverStartLock,
  takeStartLock,
} from "@/lib/db/start-locks";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { parsePhone, type ParsedPhone } from "@/lib/phone";
import { bindingFor, type Caller } from "./caller";
import { takeAllowances } from "./limits";
import { requireProvider } from "./provider";
import type { MethodHandler, Outcome } from "./method";

export type StartInput = {
  phone: string;
  country?: string;
  options?: unknown;
  /** The verification session this is an attempt of (lib/sessions), checked by the caller. */
  sessionId?: string;
};

// How long a second start waits for one under way, and for how long after a start a second one
// gets its verification rather than a new one (a double click, a retry).
const TWIN_WAIT_MS = 5000;
const TWIN_MS = 2000;

/**
 * The one start sequence of every method: the number → the method on? → one start at a time
 * → the method's checks and budgets → the row, committed → the provider. The row exists before the provider is called
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
  if (!parsed.ok) {
    throw new ApiError("invalid_phone", words(`phone.errors.${parsed.reason}`), {
      details: { reason: parsed.reason },
    });
  }
  requireProvider(method.provider(), method.unavailable);
  const at = now();
  // A double click, or a client retrying at once, makes one verification and one SMS. Another
  // flow of the same method is another start, not a twin (Truecaller's "on this phone" right
  // after its push used to get the push back, and the page stayed where it was).
  const who = caller.bindingHash ?? `ip:${caller.ip ?? "unknown"}`;
  const options = (input.options ?? {}) as { flow?: unknown };
  const flow = typeof options.flow === "string" ? options.flow : "";
  const lock = `${who}:${method.name}:${parsed.phone.e164}:${flow}`;
  const twin = await oneAtATime(lock, at);
  if (twin) return twin;
  try {
    const outcome = await startLocked(method, caller, parsed.phone, at, input);
    await settleStartLock(lock, outcome.verification.id);
    return outcome;
  } catch (error) {
    await releaseStartLock(lock);
    throw error;
  }
}

/**
 * Takes the start lock, or answers with the verification of the start that holds it: waiting
 * while that start is under way, and for TWIN_MS after it made a verification still pending.
 * The binding cookie is never passed on: a double click's first answer sets it in the browser,
 * and anyone else (another browser behind the same address) gets a verification it cannot use.
 */
async function oneAtATime(
  lock: string,
  at: number,
): Promise<{ verification: Verification } | undefined> {
  for (let waited = 0; waited <= TWIN_WAIT_MS; waited += 50) {
    const held = await takeStartLock(lock, at);
    if (!held) return undefined;
    const inFlight = held.verificationId === null && now() - held.createdAt < TWIN_WAIT_MS;
    if (!inFlight) {
      const made = held.verificationId ? await findVerification(held.verificationId) : undefined;
      if (made?.status === "pending" && at - held.createdAt < TWIN_MS) {
        return { verification: made };
      }
      if (await takeOverStartLock(held, at)) return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new ApiError("conflict", words("server.errors.startBusy"));
}

async function startLocked(
  method: MethodHandler<Record<string, unknown>>,
  caller: Caller,
  phone: ParsedPhone,
  at: number,
  input: StartInput,
): Promise<Outcome & { binding?: string }> {
  const id = randomId();
  const prepared = method.prepare({ id, phone, at, options: input.options, caller });
  await prepared.check?.();
  if (prepared.allowances) await takeAllowances(prepared.allowances, at);
  const binding = bindingFor(caller);
  const row = await insertVerification({
    ...prepared.fields,
    id,
    method: method.name,
    phone: phone.e164,
    bindingHash: binding.hash,
    sessionId: input.sessionId ?? null,
    createdAt: at,
    updatedAt: at,
  });
  const outcome = prepared.begin ? await prepared.begin(row) : { verification: row };
  return { ...outcome, binding: binding.newSecret };
}
