import "server-only";
import { sql } from "drizzle-orm";
import type { Caller } from "@/lib/core/caller";
import { redeemChallenge } from "@/lib/core/challenge";
import { preparedOnce } from "@/lib/db/client";
import { noTable } from "@/lib/db/dialect";
import { refusal as fullWindows } from "@/lib/db/rate-limits";
import { ApiError, rateLimited } from "@/lib/errors";
import {
  assertNotPaused,
  challengeNeeded,
  sendsSeenFields,
  sendsSeenWindows,
  spentBudgets,
  type SendsSeen,
} from "./budgets";
import { lockedUntilOf, refuseIfLocked } from "./failures";
import { smsRefusal } from "./number-policy";

// Everything the gate looks at, read in one statement: the number's lock, its prefix's and
// country's pauses, sends and verified codes, the address's and network's sends, the starts
// let through without a challenge. Each was a statement of its own, up to seven reads before
// every SMS; one read also sees them all at the same moment.
const gateRead = preparedOnce((db) =>
  db
    .select({ lockedUntil: lockedUntilOf(sql.placeholder("phone")), ...sendsSeenFields() })
    .from(noTable)
    .prepare(),
);

async function readGate(
  phone: string,
  ip: string | undefined,
  at: number,
): Promise<SendsSeen & { lockedUntil: number | null }> {
  const [seen] = await gateRead().execute({ phone, ...sendsSeenWindows(phone, ip, at) });
  return seen!;
}

/**
 * What every SMS must pass before it is sent (docs/security.md#sending-limits): the number
 * must be one SMS may go to, not locked by wrong codes, not in a paused block; then the
 * budgets are taken. `challenge`: the widget's solution, when the traffic asks for one;
 * "skip" (a resend, the seed API) asks for none and costs no statement beyond the read.
 */
export async function mayReach(
  phone: string,
  at: number,
  caller: Caller,
  challenge?: string | "skip",
): Promise<void> {
  const refusal = smsRefusal(phone);
  if (refusal) throw new ApiError("invalid_phone", refusal, { details: { method: "sms" } });
  const seen = await readGate(phone, caller.ip, at);
  refuseIfLocked(seen.lockedUntil, at);
  await assertNotPaused(phone, at, seen);
  if (challenge === "skip") return;
  // No challenge is asked for, nor a solution spent, for a send the budgets would refuse.
  const spent = spentBudgets(phone, caller.ip, seen);
  if (spent.length > 0) {
    const { retryAfterMs } = await fullWindows(spent, at);
    throw rateLimited(spent[0]!.message, retryAfterMs / 1000);
  }
  if (await challengeNeeded(phone, caller.ip, at, seen)) await redeemChallenge(challenge);
}
