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
  pausesSeenFields,
  sendsSeenWindows,
  spentBudgets,
  startSeenFields,
  takeSendBudgets,
  type PausesSeen,
} from "./budgets";
import { lockedUntilOf, refuseIfLocked } from "./failures";
import { smsRefusal } from "./number-policy";

// Everything the gate looks at, read in one statement: the number's lock, its prefix's and
// country's pauses, sends and verified codes; for a start, also the address's and network's
// sends and the starts let through without a challenge. Each was a statement of its own, up to
// seven reads before every SMS; one read also sees them all at the same moment. A resend and
// the seed API ask no challenge: their read leaves out what only a start uses (every code the
// seed API sends pays for it otherwise).
const resendRead = preparedOnce((db) =>
  db
    .select({ lockedUntil: lockedUntilOf(sql.placeholder("phone")), ...pausesSeenFields() })
    .from(noTable)
    .prepare(),
);
const startRead = preparedOnce((db) =>
  db
    .select({
      lockedUntil: lockedUntilOf(sql.placeholder("phone")),
      ...pausesSeenFields(),
      ...startSeenFields(),
    })
    .from(noTable)
    .prepare(),
);

const placeholders = (phone: string, ip: string | undefined, at: number) => ({
  phone,
  ...sendsSeenWindows(phone, ip, at),
});

/**
 * What every SMS must pass before it is sent (docs/security.md#sending-limits): the number
 * must be one SMS may go to, not locked by wrong codes, not in a paused block; then the
 * budgets are taken, with the pumping guard's limits (takeSendBudgets). `challenge`: the widget's solution, when the traffic asks for one;
 * "skip" (a resend, the seed API) asks for none and costs no statement beyond its leaner read.
 * `othersHere`: another method could verify the number where this start was made (a refusal
 * then points to it).
 */
export async function mayReach(
  phone: string,
  at: number,
  caller: Caller,
  challenge?: string | "skip",
  othersHere = true,
): Promise<void> {
  const refusal = smsRefusal(phone, othersHere);
  if (refusal) throw new ApiError("invalid_phone", refusal, { details: { method: "sms" } });
  if (challenge === "skip") {
    const [row] = await resendRead().execute(placeholders(phone, caller.ip, at));
    await passGuard(phone, at, row!);
    await takeSendBudgets(phone, caller, row!, at);
    return;
  }
  const [seen] = await startRead().execute(placeholders(phone, caller.ip, at));
  await passGuard(phone, at, seen!);
  // No challenge is asked for, nor a solution spent, for a send the budgets would refuse.
  const spent = spentBudgets(phone, caller.ip, seen!);
  if (spent.length > 0) {
    const { retryAfterMs } = await fullWindows(spent, at);
    throw rateLimited(spent[0]!.message, retryAfterMs / 1000);
  }
  if (await challengeNeeded(phone, caller.ip, at, seen!)) await redeemChallenge(challenge);
  await takeSendBudgets(phone, caller, seen!, at);
}

/** The number is not locked by wrong codes, and its prefix and country are not paused. */
async function passGuard(
  phone: string,
  at: number,
  seen: PausesSeen & { lockedUntil: number | null },
): Promise<void> {
  refuseIfLocked(seen.lockedUntil, at);
  await assertNotPaused(phone, at, seen);
}
