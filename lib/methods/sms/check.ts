import "server-only";
import { now } from "@/lib/clock";
import { approve, expireIfOverdue, lock } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import { log } from "@/lib/log";
import { codeMatches } from "./code";
import { claimCodeAttempt } from "./queries";

export type CodeCheck =
  | { kind: "approved"; verification: Verification }
  | { kind: "wrong"; attemptsLeft: number }
  | { kind: "locked"; byThisGuess: boolean } // this guess used the last attempt, or none were left
  | { kind: "expired" }
  | { kind: "gone" }; // unknown, or already finished by another request

/**
 * Checks one guess. The attempt is counted before the comparison, atomically; the success is
 * consumed atomically too, so that of N right guesses at once exactly one wins
 * (docs/security.md#guessing). Expiry is checked first, as in the seed service.
 */
export async function checkCode(verificationId: string, code: string): Promise<CodeCheck> {
  const at = now();
  const claimed = await claimCodeAttempt(verificationId, at);
  if (!claimed) return whyNoAttempt(verificationId, at);
  if (claimed.codeHash && codeMatches(claimed.id, code, claimed.codeHash)) {
    const approved = await approve(claimed, at);
    return approved ? { kind: "approved", verification: approved } : { kind: "gone" };
  }
  const attemptsLeft = claimed.maxAttempts - claimed.attempts;
  log.info("wrong sms code", { verificationId: claimed.id, attemptsLeft });
  if (attemptsLeft > 0) return { kind: "wrong", attemptsLeft };
  await lock(claimed, at);
  return { kind: "locked", byThisGuess: true };
}

async function whyNoAttempt(id: string, at: number): Promise<CodeCheck> {
  const row = await findVerification(id);
  if (!row) return { kind: "gone" };
  if (row.status === "expired") return { kind: "expired" };
  if (row.status === "locked") return { kind: "locked", byThisGuess: false };
  if (row.status !== "pending") return { kind: "gone" };
  if ((await expireIfOverdue(row, at)).status === "expired") return { kind: "expired" };
  // Pending, unexpired, no attempts left: a concurrent guess is locking it right now.
  return { kind: "locked", byThisGuess: false };
}
