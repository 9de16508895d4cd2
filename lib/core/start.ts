import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import type { Verification } from "@/lib/db/schema";
import {
  findStartLock,
  releaseStartLock,
  settleStartLock,
  takeOverStartLock,
  takeStartLock,
} from "@/lib/db/start-locks";
import { findSession } from "@/lib/db/sessions";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { parsePhone, type ParsedPhone } from "@/lib/phone";
import { bindingFor, holdsBinding, type Caller } from "./caller";
import { SESSION_ENDED_REASON } from "./endings";
import { takeAllowances } from "./limits";
import { requireProvider } from "./provider";
import type { MethodHandler, Outcome } from "./method";
import { fail } from "./state-machine";

export type StartInput = {
  phone: string;
  country?: string;
  options?: unknown;
  /** The verification session this is an attempt of (lib/sessions), checked by the caller. */
  sessionId?: string;
  /**
   * The entry a server names (the seed SMS API's `auth_id`), never a browser: the method
   * overwrites its entry of that name (`store`), and every such start is a start of its own, as
   * each POST of the seed's sent a new code. The entry belongs to that server, not to a browser:
   * it gets no binding.
   */
  authId?: string;
  /**
   * Whether another method could verify the number where this start is made (the session's
   * other methods, or the server's, on this server): a refusal's words offer it only then.
   * Unset, as for a guide's API: the words offer another way.
   */
  othersHere?: boolean;
};

// How long a second start waits for one under way, and for how long after a start a second one
// gets its verification rather than a new one (a double click, a retry).
const TWIN_WAIT_MS = 5000;
const TWIN_MS = 2000;

/**
 * How long a start may be under way before its lock is taken as abandoned (its process died):
 * as long as its provider may take, twice (a start may ask for a token first), and a margin. A
 * shorter time let a third click, while the first still waited for a slow provider, take the
 * lock over and send a second SMS.
 */
function inFlightMs(provider: { timeoutMs: number }): number {
  return 2 * provider.timeoutMs + TWIN_WAIT_MS;
}

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
  const provider = requireProvider(method.provider(), method.unavailable);
  const at = now();
  const lock = startLockKey(method, caller, parsed.phone.e164, input);
  const sentAgain = await firstStartOfThisBrowser(method, caller, parsed.phone.e164, input, at);
  if (sentAgain) return sentAgain;
  const twin = await oneAtATime(lock, at, {
    twins: input.authId === undefined,
    bound: caller.bindingHash !== undefined,
    inFlightMs: inFlightMs(provider),
  });
  if (twin) return twin;
  try {
    const outcome = await startLocked(method, caller, parsed.phone, at, input);
    settleStartLock(lock, outcome.verification.id);
    return outcome;
  } catch (error) {
    await releaseStartLock(lock);
    throw input.othersHere === false ? withoutOtherWays(error) : error;
  }
}

/**
 * A refusal as said where no other method is offered: its words without the other ways (a
 * session that allows Truecaller alone must not say "or verify another way").
 */
function withoutOtherWays(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.words?.alone) return error;
  return new ApiError(error.code, error.words.alone, {
    details: error.details,
    headers: error.headers,
  });
}

/**
 * What two starts share when the second is the first one's twin (a double click, a client
 * retrying at once: one verification, one SMS): the browser (or the address of a caller without
 * one), the method, the number, the method's own part (another flow is another start: Truecaller's
 * "on this phone" right after its push used to get the push back, and the page stayed where it
 * was), the session or its absence (a start for another session, or outside any, must not be
 * answered with this one's verification), and the entry a server named.
 */
function startLockKey(
  method: MethodHandler<Record<string, unknown>>,
  caller: Caller,
  phone: string,
  input: StartInput,
  byAddress = caller.bindingHash === undefined,
): string {
  const who = byAddress ? `ip:${caller.ip ?? "unknown"}` : caller.bindingHash;
  const part = method.lockKey?.(input.options) ?? "";
  const session = input.sessionId === undefined ? "none" : `session=${input.sessionId}`;
  const entry = input.authId === undefined ? "" : `:entry=${input.authId}`;
  return `${who}:${method.name}:${phone}:${part}:${session}${entry}`;
}

/**
 * A browser's first start is keyed by its address (it had no binding yet) and gives it its
 * binding: sent again a moment later with that binding (a client retrying with the cookie the
 * first answer set), it is found under the address, and answered with its verification if that
 * one is this browser's, rather than started again (a second SMS).
 */
async function firstStartOfThisBrowser(
  method: MethodHandler<Record<string, unknown>>,
  caller: Caller,
  phone: string,
  input: StartInput,
  at: number,
): Promise<{ verification: Verification } | undefined> {
  if (caller.bindingHash === undefined || input.authId !== undefined) return undefined;
  const held = await findStartLock(startLockKey(method, caller, phone, input, true));
  if (!held?.verificationId || at - held.createdAt >= TWIN_MS) return undefined;
  const made = await findVerification(held.verificationId);
  if (made?.status !== "pending" || !holdsBinding(caller, made.bindingHash)) return undefined;
  return { verification: made };
}

/**
 * Takes the start lock, or answers with the verification of the start that holds it: waiting
 * (TWIN_WAIT_MS at most, then 409) while that start is under way (`inFlightMs`), and (when `twins`) for TWIN_MS after it made a verification
 * still pending; without twins the lock only keeps the starts one at a time.
 * The binding cookie is never passed on: a double click's first answer sets it in the browser.
 * Nor is the verification itself passed to a caller without a binding (`bound`), whose twin is
 * known only by its address: that may be another browser behind the same address, and the
 * answer carries what only the person's browser may hold (a deep link, a handoff link). It is
 * told the number is being started, and sends nothing.
 */
async function oneAtATime(
  lock: string,
  at: number,
  { twins, bound, inFlightMs }: { twins: boolean; bound: boolean; inFlightMs: number },
): Promise<{ verification: Verification } | undefined> {
  // By the wall clock, not by pauses counted: on a busy machine each 50 ms pause takes longer,
  // and a wait counted in pauses outlasted the start it waited for. Not the app's clock
  // (lib/clock.ts), which the sandbox moves.
  const waitUntil = Date.now() + TWIN_WAIT_MS;
  while (Date.now() <= waitUntil) {
    const held = await takeStartLock(lock, at);
    if (!held) return undefined;
    const inFlight = held.verificationId === null && now() - held.createdAt < inFlightMs;
    if (!inFlight) {
      const made =
        twins && held.verificationId ? await findVerification(held.verificationId) : undefined;
      if (made?.status === "pending" && at - held.createdAt < TWIN_MS) {
        if (!bound) throw new ApiError("conflict", words("server.errors.startBusy"));
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
  const { authId } = input;
  const prepared = method.prepare({
    id,
    phone,
    at,
    options: input.options,
    caller,
    authId,
    othersHere: input.othersHere,
  });
  await prepared.check?.();
  if (prepared.allowances) await takeAllowances(prepared.allowances, at);
  const binding = authId === undefined ? bindingFor(caller) : undefined;
  const fields = {
    ...prepared.fields,
    id,
    method: method.name,
    phone: phone.e164,
    bindingHash: binding?.hash ?? null,
    sessionId: input.sessionId ?? null,
    authId: authId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  const row = prepared.store ? await prepared.store(fields) : await insertVerification(fields);
  // Its session may have ended since the route checked it: that ending closed the attempts it
  // saw, not this one. Asked again now that the row exists, before anything is sent for it.
  if (input.sessionId !== undefined && (await findSession(input.sessionId))?.status !== "pending") {
    await fail(row, SESSION_ENDED_REASON, at);
    throw new ApiError("conflict", words("server.errors.sessionEnded"));
  }
  const outcome = prepared.begin ? await prepared.begin(row) : { verification: row };
  return { ...outcome, binding: binding?.newSecret };
}
