import type { ZodRawShape } from "zod";
import type { NewVerification, Verification } from "@/lib/db/schema";
import type { ErrorCode, Said } from "@/lib/errors";
import type { Words } from "@/lib/i18n/catalogue";
import type { ParsedPhone } from "@/lib/phone";
import type { Caller } from "./caller";
import type { Device } from "./device";
import type { Allowance } from "./limits";

// What a method plugs into the core. The core starts, finds, refreshes and describes
// verifications and changes their status; a method says what its rows hold, calls its
// provider, and adds its own fields and actions. lib/methods/registry.ts lists the methods.

/**
 * What a method asks of the person, least first: nothing (the network proves the number), a
 * tap, a code to type.
 */
export const personsParts = ["nothing", "a tap", "a code"] as const;
export type PersonsPart = (typeof personsParts)[number];

/** A started (or acted-on) verification; `problem` when it exists but its provider step failed. */
export type Outcome = {
  verification: Verification;
  problem?: Problem;
};

/** What went wrong with the provider step; `retryAfterSeconds` when the provider throttles us. */
export type Problem = { code: ErrorCode; message: Said; retryAfterSeconds?: number };

/**
 * The words a person sees for a reason a verification ended (or could not go on); `fixedNumber`:
 * the text where the number cannot be changed (a session's app gave it), for a reason whose
 * text offers another number.
 */
export type ReasonWords = {
  title: string;
  text: string;
  fixedNumber?: string;
  alone?: string;
  fixedAlone?: string;
  retry: boolean;
};

/**
 * A reason a method gives: whether trying the same method again can help, and which of the
 * method's entries in the catalogue's `server.reasons` says it (the reason's own by default).
 * `halts`: given to a verification still pending, it leaves the person nothing to wait for or
 * do but the way on (an SMS that could not be sent): the page shows it as it shows an ending.
 */
export type ReasonRule = { retry: boolean; words?: string; halts?: boolean };

/** What the method adds to a new row, and what happens once the row is committed. */
type Prepared = {
  /** The row's method fields; `expiresAt` at least. */
  fields: Omit<
    NewVerification,
    "id" | "method" | "phone" | "bindingHash" | "createdAt" | "updatedAt"
  >;
  /** Checks that may refuse the start before anything is counted (a paused prefix). */
  check?: () => Promise<void>;
  /** Taken together before the row is inserted: the budgets on what costs money or bothers. */
  allowances?: Allowance[];
  /**
   * Stores the new row when it is not simply inserted: a start that names its entry (`authId`)
   * overwrites the method's entry of that name. Insert by default.
   */
  store?: (row: NewVerification) => Promise<Verification>;
  /** Calls the provider after the row is committed, so that a crash leaves it pending. */
  begin?: (row: Verification) => Promise<Outcome>;
};

type Action = (row: Verification, input: unknown, caller: Caller) => Promise<Outcome>;

/**
 * A method's rules on the hosted page of a session (lib/sessions): whether it can be offered
 * first on this device (`phoneKnown`: the app gave the number), and the route that starts it
 * there when it is not the browser API's `POST /api/verifications`. Without them a method fits
 * every device and starts as any other.
 */
export type HostedPageRules = {
  fits(device: Device, phoneKnown: boolean): boolean;
  startPath?(device: Device): string | undefined;
};

export type MethodHandler<Details extends Record<string, unknown>> = {
  name: string;
  hostedPage?: HostedPageRules;
  /** Who provides it, as /api/health names it. */
  providerName: string;
  /**
   * What it asks of the person: a session whose app names no methods offers the ones that ask
   * least first (lib/sessions/sessions.ts).
   */
  asks: PersonsPart;
  /**
   * The method's own settings (its settings.ts): the variables they read, and `read`, which
   * reads them from the environment or throws InvalidEnvError naming each bad one. Read at
   * start, so that a bad one stops the app.
   */
  settings: { variables: readonly string[]; read(): { warnings: string[] } };
  /**
   * The provider's client configuration, real or emulated; undefined when the method is off.
   * `timeoutMs` is how long one call to it may take.
   */
  provider(): { sandbox: boolean; timeoutMs: number } | undefined;
  /** What a person is told when the method is off on this server. */
  unavailable: Words;
  /**
   * Why the method cannot reach `phone` (E.164) at all, whoever asks: an SMS to a number it
   * does not send to. Undefined: it may (its budgets and checks still decide at the start).
   */
  refuses?(phone: string): Words | undefined;
  /**
   * The countries (ISO codes) whose numbers the method can reach at all, where not every one:
   * the start page closes its card as soon as a number of another country is typed.
   */
  countriesReached?(): readonly string[];
  /**
   * The start options a browser may send beside the number in POST /api/verifications (SMS's
   * proof-of-work solution, Truecaller's `replaces`): the route accepts these fields and hands
   * them to `prepare` among `options`.
   */
  browserOptions?: ZodRawShape;
  /**
   * A new verification of `phone`; `options` are the method's own start options, unparsed;
   * `authId` the entry a server named (lib/core/start.ts), if it did; `othersHere`, whether
   * another method could verify the number where the start was made (StartInput).
   */
  prepare(input: {
    id: string;
    phone: ParsedPhone;
    at: number;
    options: unknown;
    caller: Caller;
    authId?: string;
    othersHere?: boolean;
  }): Prepared;
  /**
   * The method's part of the start lock's key, from its start options: two starts with other
   * parts are two starts, never twins (Truecaller's push and its link on this phone).
   */
  lockKey?(options: unknown): string;
  /** A status poll of a pending, unexpired verification: ask the provider where it stands. */
  refresh?(row: Verification): Promise<Verification>;
  /**
   * The method's own part of the status DTO, e.g. `{ sms: {...} }`. `endsBy`: when the
   * verification ends at the latest (its session's end), so that what it offers next (a new
   * code) is offered only if it can come before then.
   */
  details(row: Verification, context?: { endsBy?: number }): Details;
  /** Every reason the method gives (their words are in the catalogue). */
  reasons: Record<string, ReasonRule>;
  /** What a browser can do to one of its verifications, by name (POST /api/verifications/:id/:name). */
  actions?: Record<string, Action>;
};
