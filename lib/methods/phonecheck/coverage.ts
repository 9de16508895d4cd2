import "server-only";
import { now } from "@/lib/clock";
import type { Caller } from "@/lib/core/caller";
import { statusAt } from "@/lib/core/endings";
import { findOwn } from "@/lib/core/status";
import type { Verification } from "@/lib/db/schema";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";
import { deviceCoverage, truidConfig, TruIdError } from "./provider";

// Whether the phone showing a PhoneCheck is on a mobile network the check runs over
// (docs/providers.md#coverage): the panel asks the person to turn off Wi-Fi only when it is
// not, or when nobody can tell. Asking costs a turn off Wi-Fi nobody needed at worst; not
// asking when it was needed costs a failed check, so every doubt answers "unknown".

export type Coverage = "mobile" | "not_mobile" | "unknown";

/** What tru.ID says of `ip`: on a mobile network where PhoneCheck runs, not, or unknown. */
async function coverageOf(ip: string | undefined): Promise<Coverage> {
  const config = truidConfig();
  if (!config || !ip) return "unknown";
  try {
    const found = await deviceCoverage(config, ip);
    return found.reachable && found.phoneCheck ? "mobile" : "not_mobile";
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    log.warn("phonecheck coverage unknown", { ...error.summary });
    return "unknown";
  }
}

// Each lookup is a call to tru.ID, and the page asks on every load and every return to it: the
// answer is remembered per verification and address (docs/security.md#phonecheck, "Coverage
// lookups"), so that a reload, a script or a burst of requests costs tru.ID one call. Kept in
// this process's memory, and not in the verification's provider state, because:
//  - a burst arrives at once: every request would read the state before the first answer was
//    written and call tru.ID anyway, whereas here the first call's promise is shared by all;
//  - a lookup is a GET that writes nothing, and the answer is advice (the worst a stale one does
//    is show or hide a Wi-Fi note), not something other instances must agree on;
//  - what it costs is bounded without it: each instance asks at most once per address and
//    verification, at most LOOKUPS_PER_VERIFICATION times per verification (a client rotating
//    addresses in its IPv6 /64 gets "unknown" after that), and verifications are themselves
//    budgeted per address and network; the map holds at most MAX_VERIFICATIONS of them.

/** How long an answer for an address holds: its address can change network, rarely in place. */
export const COVERAGE_TTL_MS = 60_000;
/** A person on Wi-Fi, then on mobile data, then back is three addresses; this leaves room. */
export const LOOKUPS_PER_VERIFICATION = 6;
const MAX_VERIFICATIONS = 1000;

type Remembered = {
  /** The verification's end: after it the entry is of no use. */
  until: number;
  lookups: number;
  answers: Map<string, { coverage: Promise<Coverage>; at: number }>;
};

// On globalThis: Next's route bundles would otherwise each hold a map of their own, and the
// emulator's simulated network switch (./emulator/coverage.ts) forgets through it too.
const holder = globalThis as unknown as { phonecheckCoverage?: Map<string, Remembered> };
const remembered = (holder.phonecheckCoverage ??= new Map());

/**
 * The coverage of `ip` for verification `id` (ending at `until`), asking `lookup` only when no
 * answer for that address is remembered or on its way; at most LOOKUPS_PER_VERIFICATION asks
 * per verification ("unknown" beyond).
 */
export function rememberedCoverage(
  id: string,
  ip: string,
  until: number,
  at: number,
  lookup: (ip: string) => Promise<Coverage>,
): Promise<Coverage> {
  // A verification past its end asks nothing more.
  if (until <= at) return Promise.resolve("unknown");
  let entry = remembered.get(id);
  if (!entry || entry.until <= at) {
    remembered.delete(id);
    for (const [key, old] of remembered) {
      if (remembered.size < MAX_VERIFICATIONS && old.until > at) break;
      remembered.delete(key);
    }
    entry = { until, lookups: 0, answers: new Map() };
    remembered.set(id, entry);
  }
  const known = entry.answers.get(ip);
  if (known && at - known.at < COVERAGE_TTL_MS) return known.coverage;
  if (entry.lookups >= LOOKUPS_PER_VERIFICATION) {
    if (entry.lookups === LOOKUPS_PER_VERIFICATION) {
      entry.lookups += 1;
      log.warn("phonecheck coverage lookups spent", { verificationId: id });
    }
    return Promise.resolve("unknown");
  }
  entry.lookups += 1;
  const coverage = lookup(ip);
  const answer = { coverage, at };
  entry.answers.set(ip, answer);
  // An error that is not tru.ID's answer (a bug, not a "no") is not remembered.
  const current = entry;
  coverage.catch(() => {
    if (current.answers.get(ip) === answer) current.answers.delete(ip);
  });
  return coverage;
}

/**
 * Forgets what was remembered of `ip`: the sandbox's simulated phone moves an address to
 * another network at once, which no real address does.
 */
export function forgetCoverage(ip: string): void {
  for (const entry of remembered.values()) entry.answers.delete(ip);
}

/**
 * The coverage of the caller's own address, for one of its pending PhoneCheck verifications:
 * only a browser that started a check may ask (404 otherwise, like its status), so the lookup
 * cannot be used to query tru.ID at will; and the answer is remembered (above).
 */
export async function verificationCoverage(caller: Caller, id: string): Promise<Coverage> {
  const row = await findOwn(caller, id);
  if (row.method !== "phonecheck") {
    throw new ApiError("conflict", "This verification is not a mobile data check.");
  }
  // Pending as stored but past its time is over too (statusAt): no lookup for it, or an entry
  // remembered until its end would be made anew, its lookups counted from zero, on each call.
  const at = now();
  if (statusAt(row, at).status !== "pending") return "unknown";
  const ip = caller.ip;
  if (!truidConfig() || !ip) return "unknown";
  return rememberedCoverage(row.id, ip, row.expiresAt, at, coverageOf);
}

/**
 * The coverage of the address of a phone a handoff link was opened on, for its page that asks
 * before the check (./handoff.ts): that phone holds no binding yet, and the link is the proof
 * it may ask; remembered and counted with the starter's lookups (a previewer's fetch of the
 * link takes one of them at most).
 */
export async function handoffCoverage(
  row: Verification,
  ip: string | undefined,
): Promise<Coverage> {
  const at = now();
  if (statusAt(row, at).status !== "pending" || !truidConfig() || !ip) return "unknown";
  // Advice for a page that must not wait on it: a slow or failing lookup is "unknown" (no note).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<Coverage>((resolve) => {
    timer = setTimeout(() => resolve("unknown"), HANDOFF_LOOKUP_WAIT_MS);
  });
  const lookup = rememberedCoverage(row.id, ip, row.expiresAt, at, coverageOf).catch(
    (error: unknown): Coverage => {
      log.warn("phonecheck coverage unknown", { error: String(error) });
      return "unknown";
    },
  );
  try {
    return await Promise.race([lookup, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the handoff page waits for a coverage answer before it goes without. */
const HANDOFF_LOOKUP_WAIT_MS = 1500;
