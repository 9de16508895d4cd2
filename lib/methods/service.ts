import "server-only";
import type { ZodRawShape } from "zod";
import type { Caller } from "@/lib/core/caller";
import type { MethodHandler, Outcome, PersonsPart } from "@/lib/core/method";
import type { Locale } from "@/lib/i18n/locales";
import { start, type StartInput } from "@/lib/core/start";
import { findOwn, refresh } from "@/lib/core/status";
import { expireIfOverdue } from "@/lib/core/state-machine";
import { now } from "@/lib/clock";
import type { Verification } from "@/lib/db/schema";
import { findSession } from "@/lib/db/sessions";
import { ApiError } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import type { VerificationDto } from "@/lib/core/dto";
import { isMethodName, methodNames as names, type MethodName } from "@/lib/method-names";
import { methods } from "./registry";

// What the routes and pages call: the core's sequences, with the method of each verification
// looked up in the registry.

type AnyMethod = MethodHandler<Record<string, unknown>>;

function methodOf(name: string) {
  if (!isMethodName(name))
    throw new ApiError("method_unavailable", words("server.errors.noMethod", { method: name }));
  return methods[name];
}

function handlerOf(name: string): AnyMethod {
  return methodOf(name).handler;
}

/**
 * The start options every method lets a browser send beside the number (MethodHandler's
 * browserOptions), for the start route's body.
 */
export function browserStartOptions(): ZodRawShape {
  return Object.assign({}, ...names.map((name) => handlerOf(name).browserOptions ?? {}));
}

/**
 * Refuses, by name, a start option of another method than the one started (Truecaller's
 * `replaces` on a PhoneCheck start): the start route's body takes every method's options, and
 * one sent to a method that does nothing with it is a client's mistake to learn of, not to
 * ignore.
 */
export function checkStartOptions(method: MethodName, options: Record<string, unknown>): void {
  const own = handlerOf(method).browserOptions ?? {};
  const foreign = Object.keys(options).filter(
    (key) => options[key] !== undefined && !Object.hasOwn(own, key),
  );
  if (foreign.length > 0) {
    throw new ApiError(
      "bad_request",
      `${foreign.join(", ")} is not an option of ${method} starts.`,
      {
        details: { issues: foreign.map((field) => ({ field, message: "not this method's" })) },
      },
    );
  }
}

/**
 * Every method, in the registry's order, whether it can run on this server now, and the
 * countries it reaches where not every one.
 */
export function methodChoices(): {
  name: MethodName;
  available: boolean;
  asks: PersonsPart;
  countries?: readonly string[];
}[] {
  return names.map((name) => {
    const handler = handlerOf(name);
    const countries = handler.countriesReached?.();
    return {
      name,
      available: handler.provider() !== undefined,
      asks: handler.asks,
      ...(countries && { countries }),
    };
  });
}

/**
 * The methods that may go on with `phone` in `offered` (the app's order): on this server, and
 * not ones that refuse the number outright. A verification's page offers only these, rather
 * than a switch that could only be refused (an SMS to a number outside +1).
 */
export function methodsReaching(phone: string, offered: readonly MethodName[]): MethodName[] {
  return offered.filter((name) => {
    const handler = handlerOf(name);
    return handler.provider() !== undefined && handler.refuses?.(phone) === undefined;
  });
}

type ProviderMode = "real" | "sandbox" | "unconfigured";

/** How each method's provider is reached, by provider: for /api/health and the sandbox clock. */
export function providerModes(): Record<string, ProviderMode> {
  const modes: Record<string, ProviderMode> = {};
  for (const name of names) {
    const { providerName, provider } = handlerOf(name);
    const config = provider();
    modes[providerName] = config ? (config.sandbox ? "sandbox" : "real") : "unconfigured";
  }
  return modes;
}

async function toDto(row: Verification, locale: Locale | undefined): Promise<VerificationDto> {
  return methodOf(row.method).dto(row, locale, await sessionEnd(row));
}

/**
 * When an attempt of a session ends at the latest: at its session's expiry, or now when the
 * session is over already. Undefined outside a session.
 */
async function sessionEnd(row: Verification): Promise<number | undefined> {
  if (row.sessionId === null) return undefined;
  const session = await findSession(row.sessionId);
  return session?.status === "pending" ? session.expiresAt : now();
}

type Answer = { verification: VerificationDto; problem?: Outcome["problem"] };

export async function startVerification(
  caller: Caller,
  input: StartInput & { method: MethodName },
  offered: readonly MethodName[] = names,
): Promise<Answer & { binding?: string }> {
  // Where the start is made, another method on this server (`offered`: a session's own list)
  // is a way on that a refusal may point to.
  const othersHere = offered.some(
    (name) => name !== input.method && handlerOf(name).provider() !== undefined,
  );
  const { verification, problem, binding } = await start(handlerOf(input.method), caller, {
    ...input,
    othersHere,
  });
  return { verification: await toDto(verification, caller.locale), problem, binding };
}

/** The caller's own verification, as time and the provider leave it. */
export async function verificationStatus(caller: Caller, id: string): Promise<VerificationDto> {
  return (await verificationAndSession(caller, id)).verification;
}

/** The same, with the id of the verification session it is an attempt of (null: none). */
export async function verificationAndSession(
  caller: Caller,
  id: string,
): Promise<{ verification: VerificationDto; sessionId: string | null }> {
  const row = await findOwn(caller, id);
  const verification = await toDto(await refresh(handlerOf(row.method), row), caller.locale);
  return { verification, sessionId: row.sessionId };
}

const actionNames = new Set(names.flatMap((name) => Object.keys(handlerOf(name).actions ?? {})));

/** A method's action (an SMS code, a resend) on the caller's own verification. */
export async function runAction(
  caller: Caller,
  id: string,
  name: string,
  input: unknown,
): Promise<Answer> {
  if (!actionNames.has(name)) throw new ApiError("not_found", words("server.errors.noSuchStep"));
  // As its status would read now: ended with its session, or timed out, before any action.
  const row = await expireIfOverdue(await findOwn(caller, id), now());
  const method = handlerOf(row.method);
  const action = method.actions?.[name];
  if (!action) {
    throw new ApiError(
      "conflict",
      words("server.errors.noStep", { method: method.name, step: name }),
    );
  }
  const { verification, problem } = await action(row, input, caller);
  return { verification: await toDto(verification, caller.locale), problem };
}
