import "server-only";
import type { Caller } from "@/lib/core/caller";
import { phonesStartedBy } from "@/lib/db/verifications";

/**
 * The numbers this browser verified or tried to, newest first: the simulated phone offers these
 * and no others, since a public demo (SANDBOX=1) must not show one visitor's numbers to the next.
 */
export async function numbersStartedBy(caller: Caller): Promise<string[]> {
  return caller.bindingHash ? phonesStartedBy(caller.bindingHash, 8) : [];
}
