import "server-only";
import type { Caller } from "@/lib/core/caller";
import { redeemChallenge } from "@/lib/core/challenge";
import { ApiError } from "@/lib/errors";
import { assertNotPaused, challengeNeeded } from "./budgets";
import { assertNumberNotLocked } from "./failures";
import { smsRefusal } from "./number-policy";

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
  await assertNumberNotLocked(phone, at);
  await assertNotPaused(phone, at);
  if (challenge !== "skip" && (await challengeNeeded(phone, caller.ip, at))) {
    await redeemChallenge(challenge);
  }
}
