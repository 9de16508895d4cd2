import "server-only";
import { z } from "zod";
import { now } from "@/lib/clock";
import type { Outcome } from "@/lib/core/method";
import { approve, expireIfOverdue, lock } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { ApiError, notFound, rateLimited } from "@/lib/errors";
import { refusal, words } from "@/lib/i18n/catalogue";
import { log } from "@/lib/log";
import { codeMatches } from "./code";
import { endedWords } from "./ended";
import { recordConversion } from "./budgets";
import { assertNumberNotLocked, clearFailures, keepFailure, releaseFailureSlot } from "./failures";
import { claimCodeAttempt, findCodeTarget, replacedCodes, type CodeTarget } from "./queries";
import { smsSettings } from "./settings";

type CodeCheck =
  | { kind: "approved"; verification: Verification }
  | { kind: "wrong"; attemptsLeft: number; replaced: boolean } // replaced: a code a resend replaced
  // byThisGuess: this guess used the last attempt (else none were left); id: what the seed deletes
  | { kind: "locked"; id: string; byThisGuess: boolean }
  | { kind: "expired"; id: string }
  | { kind: "gone" }; // unknown, or already finished by another request

/**
 * Checks one guess. The attempt, and a slot of the number's failure budget, are counted before
 * the comparison, atomically; the success is consumed atomically too, so that of N right
 * guesses at once exactly one wins (docs/security.md#guessing). Expiry is checked first, as in
 * the seed service.
 */
export async function checkCode(target: CodeTarget, code: string): Promise<CodeCheck> {
  const at = now();
  // No claim either while the number is locked by wrong codes (docs/security.md#guessing).
  const claim = await claimCodeAttempt(target, at);
  if (!claim) return whyNoAttempt(target, at);
  const { row: claimed, slot } = claim;
  if (claimed.codeHash && codeMatches(claimed.id, code, claimed.codeHash)) {
    let approved: Verification | undefined;
    try {
      approved = await approve(claimed, at);
    } catch (error) {
      // A right code that could not be stored (the database away): no wrong code either, so
      // its slot, and the lock it may have set, do not stay behind.
      await releaseFailureSlot(slot).catch(() => undefined);
      throw error;
    }
    if (!approved) {
      // Not a wrong code: the slot it took is given back.
      await releaseFailureSlot(slot);
      return { kind: "gone" };
    }
    await clearFailures(approved.phone);
    await recordConversion(approved.phone, at);
    return { kind: "approved", verification: approved };
  }
  keepFailure(slot);
  const attemptsLeft = claimed.maxAttempts - claimed.attempts;
  log.info("wrong sms code", { verificationId: claimed.id, attemptsLeft });
  if (attemptsLeft > 0) {
    // An earlier code of this verification, typed after a resend: counted all the same, but the
    // person is told why it no longer works (only someone who read that SMS can type it).
    const replaced = replacedCodes(claimed).some((hash) => codeMatches(claimed.id, code, hash));
    return { kind: "wrong", attemptsLeft, replaced };
  }
  await lock(claimed, at);
  return { kind: "locked", id: claimed.id, byThisGuess: true };
}

async function whyNoAttempt(target: CodeTarget, at: number): Promise<CodeCheck> {
  const row = await findCodeTarget(target);
  if (!row) return { kind: "gone" };
  // Past the number's failure budget no code of it is checked, whatever its state.
  await assertNumberNotLocked(row.phone, at);
  if (row.status === "expired") return { kind: "expired", id: row.id };
  if (row.status === "locked") return { kind: "locked", id: row.id, byThisGuess: false };
  if (row.status !== "pending") return { kind: "gone" };
  if ((await expireIfOverdue(row, at)).status === "expired") return { kind: "expired", id: row.id };
  if (row.attempts < row.maxAttempts) {
    // Attempts left, so the number's budget refused the guess: its last slot was taken by a
    // guess still being compared, which has since been found right (the count is clear again)
    // or is about to count. Refused like a locked number, uncompared.
    throw rateLimited(refusal("server.errors.numberLocked", "server.errors.numberLockedAlone"), 1);
  }
  // Pending, unexpired, no attempts left: a concurrent guess is locking it right now.
  return { kind: "locked", id: row.id, byThisGuess: false };
}

const codeInput = z.object({
  code: z.string({ error: "the code, as a string of digits" }).trim().max(16),
});

/** The `code` action: one guess from the browser, answered as the status view expects. */
export async function guess(row: Verification, input: unknown): Promise<Outcome> {
  const parsed = codeInput.safeParse(input);
  const length = smsSettings.read().CODE_LENGTH;
  // An API client's JSON number: said as such (the code's own length rule would puzzle it).
  if (typeof (input as { code?: unknown } | null)?.code === "number") {
    throw new ApiError("invalid_code", words("server.errors.codeAsString"));
  }
  if (!parsed.success || !new RegExp(`^\\d{${length}}$`).test(parsed.data.code)) {
    throw new ApiError("invalid_code", words("server.errors.codeFormat", { length }));
  }
  const result = await checkCode({ id: row.id }, parsed.data.code);
  switch (result.kind) {
    case "approved":
      return { verification: result.verification };
    case "wrong": {
      const key = result.replaced ? "sms.replacedCode" : "sms.wrongCode";
      throw new ApiError("invalid_code", words(key, {}, result.attemptsLeft), {
        details: { attemptsLeft: result.attemptsLeft, replaced: result.replaced },
      });
    }
    case "locked":
      throw new ApiError("locked", words("server.errors.locked"), {
        details: { attemptsLeft: 0 },
      });
    case "expired":
      throw new ApiError("expired", words("server.errors.expired"));
    case "gone": {
      // Finished by a parallel request: only the request that consumed the code succeeds.
      const latest = await findVerification(row.id);
      if (latest?.status === "approved") {
        throw new ApiError("conflict", words("server.errors.complete"));
      }
      if (!latest) throw notFound();
      // Ended meanwhile by another request: said as that ending is said.
      if (latest.status === "locked") {
        throw new ApiError("locked", words("server.errors.locked"), {
          details: { attemptsLeft: 0 },
        });
      }
      if (latest.status === "expired")
        throw new ApiError("expired", words("server.errors.expired"));
      // Ended otherwise (its session over, or the method's own ending): there, and over, as a
      // resend is told.
      throw new ApiError("conflict", words(await endedWords(latest)));
    }
  }
}
