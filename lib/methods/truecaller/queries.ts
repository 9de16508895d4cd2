import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { verifications, type NewVerification, type Verification } from "@/lib/db/schema";

// The Truecaller method's conditional writes. A callback is unauthenticated and can be
// replayed or raced, so each step moves `provider_state` from the exact value the caller read
// (compare-and-set): of two callbacks for one request, one wins and the other changes nothing.

function pendingTruecaller(id: string, fromState: string | null) {
  return and(
    eq(verifications.id, id),
    eq(verifications.method, "truecaller"),
    eq(verifications.status, "pending"),
    fromState === null ? undefined : eq(verifications.providerState, fromState),
  );
}

/** Moves a pending verification's state from `fromState` to `toState`; undefined if it lost. */
export async function swapTruecallerState(
  id: string,
  fromState: string,
  toState: string,
  at: number,
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set({ providerState: toState, updatedAt: at })
    .where(pendingTruecaller(id, fromState))
    .returning();
  return row;
}

/** Finishes a pending verification if its state is still `fromState`; undefined otherwise. */
export async function finishTruecaller(
  id: string,
  fromState: string,
  status: "approved" | "rejected" | "failed",
  at: number,
  fields: Partial<Pick<NewVerification, "statusReason" | "displayName" | "providerState">>,
): Promise<Verification | undefined> {
  const [row] = await getDb()
    .update(verifications)
    .set({ ...fields, status, updatedAt: at, completedAt: at })
    .where(pendingTruecaller(id, fromState))
    .returning();
  return row;
}
