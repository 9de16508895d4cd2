import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { verifications, type Verification } from "@/lib/db/schema";

/**
 * Replaces a pending PhoneCheck verification's provider state only if it is still exactly
 * `expected` (compare-and-swap). The phone's handoff, the code redemption and the status polls
 * all write this one column; a swap that lost a race returns undefined and the caller reads
 * again, so that none of them overwrites another's change.
 */
export async function swapPhoneCheckState(
  id: string,
  expected: string | null,
  next: string,
  at: number,
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set({ providerState: next, updatedAt: at })
    .where(
      and(
        eq(verifications.id, id),
        eq(verifications.method, "phonecheck"),
        eq(verifications.status, "pending"),
        expected === null
          ? isNull(verifications.providerState)
          : eq(verifications.providerState, expected),
      ),
    )
    .returning();
  return row;
}
