import "server-only";
import { sql } from "drizzle-orm";
import type { Caller } from "@/lib/core/caller";
import { redeemChallenge } from "@/lib/core/challenge";
import { preparedOnce } from "@/lib/db/client";
import { noTable } from "@/lib/db/dialect";
import { ApiError } from "@/lib/errors";
import {
  assertNotPaused,
  challengeNeeded,
  sendsSeenFields,
  sendsSeenWindows,
  type SendsSeen,
} from "./budgets";
import { lockedUntilOf, refuseIfLocked } from "./failures";
import { smsRefusal } from "./number-policy";

// Everything the gate looks at, read in one statement: the number's lock, its prefix's and
// country's pauses, sends and verified codes, the address's sends. Each was a statement of its
// own, up to seven reads before every SMS; one read also sees them all at the same moment.
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
 * budgets are taken. `challenge`: the widget's solution, when the traffic asks for one.
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
  if (challenge !== "skip" && challengeNeeded(seen)) {
    await redeemChallenge(challenge);
  }
}
