import "server-only";
import { z } from "zod";
import { now } from "@/lib/clock";
import { updateProviderState, type SwapAlso } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";

// What a PhoneCheck verification keeps in `provider_state` (JSON): the check's URL and version,
// what tru.ID last said, and who may act on it besides the starting browser.

const stateSchema = z.object({
  version: z.enum(["v0.1", "v0.2"]),
  // Made for a device that gets the code itself (a native app, through the guide's endpoints):
  // no redirect_url, and the code comes back through exchange-code instead of our landing.
  device: z.boolean().optional(),
  checkUrl: z.string().optional(),
  ttl: z.number().optional(),
  lastStatus: z.string().optional(),
  polledAt: z.number().optional(),
  // The phone that opened our one-time link (desktop → phone): sha256 of its binding secret.
  handoff: z.object({ bindingHash: z.string(), at: z.number() }).optional(),
  // Set while one request redeems the device's code, so that a replay does not redeem it again.
  redeemingSince: z.number().optional(),
  // HMAC of the code that was (or is being) redeemed: a replay must bring the same code.
  codeMac: z.string().optional(),
  retryAfter: z.number().optional(),
});

export type PhoneCheckState = z.infer<typeof stateSchema>;

export function stateOf(row: Verification): PhoneCheckState {
  const parsed = stateSchema.safeParse(row.providerState ? JSON.parse(row.providerState) : {});
  return parsed.success ? parsed.data : { version: "v0.2" };
}

/**
 * Applies `change` to the state of a pending verification (the generic compare-and-set of the
 * state machine; `also`: other fields of the same write): `change` returns undefined to leave the
 * state alone; the result is the row as it stands (changed or not, pending or not), and whether
 * this call changed it.
 */
export function changeState(
  row: Verification,
  change: (state: PhoneCheckState, row: Verification) => PhoneCheckState | undefined,
  also?: SwapAlso,
): Promise<{ row: Verification; changed: boolean }> {
  return updateProviderState(row, { read: stateOf, write: JSON.stringify }, change, now(), also);
}

/** How long a redemption claim holds: one whose request died does not block a retry for ever. */
const CLAIM_STALE_MS = 30_000;

/** A code is being redeemed (claimed at `redeemingSince`, and not given up as stale at `at`). */
export function isRedeeming(state: PhoneCheckState, at: number): boolean {
  return state.redeemingSince !== undefined && at - state.redeemingSince < CLAIM_STALE_MS;
}
