import { randomId, sameDigest, sha256 } from "@/lib/crypto";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Who is calling, as the route wrapper read it from the request once (lib/api/caller.ts).
 * The core takes this, never a Request (docs/security.md#binding-and-sessions).
 */
export type Caller = {
  /** sha256 of the binding secret this browser holds, if it sent a valid one. */
  bindingHash: string | undefined;
  /** The verification this browser's signed session cookie is for, if it holds one. */
  sessionVerificationId: string | undefined;
  /** The client's address (lib/api/client-ip.ts), where it is known: budgets count it. */
  ip?: string;
  /** The language the person reads (lib/i18n/locales.ts): the words of answers and of the SMS. */
  locale?: Locale;
  /**
   * A server that presented one of our API keys (the seed SMS API): it speaks for many people,
   * so its address is not one person's and takes no per-address budget.
   */
  keyed?: boolean;
};

/** A server-to-server caller: no cookies, so it owns no browser-bound verification. */
export const serverCaller: Caller = { bindingHash: undefined, sessionVerificationId: undefined };

/** Whether the caller holds the binding whose hash a row stores. */
export function holdsBinding(caller: Caller, bindingHash: string | null | undefined): boolean {
  return (
    caller.bindingHash !== undefined &&
    typeof bindingHash === "string" &&
    sameDigest(caller.bindingHash, bindingHash)
  );
}

/**
 * The binding a new verification gets: the caller's own, or a fresh secret (192 random bits)
 * that the route wrapper sets as the binding cookie.
 */
export function bindingFor(caller: Caller): { hash: string; newSecret?: string } {
  if (caller.bindingHash) return { hash: caller.bindingHash };
  const secret = randomId(24);
  return { hash: sha256(secret), newSecret: secret };
}
