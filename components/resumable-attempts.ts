import {
  getVerification,
  startVerification,
  type StartInput,
  type VerificationAnswer,
} from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";

// The verifications this tab started, by number, method and session: a switch back to a
// method goes back to its attempt while that is still pending (its SMS code still works, its
// prompt is still on the phone) instead of starting another, which would send a second SMS,
// paid for, and might ask for the robot check. In sessionStorage: this tab only, gone with it.

const KEY = "pv:attempts";

type Attempt = { phone: string; method: MethodName; session: string | undefined };

const keyOf = ({ phone, method, session }: Attempt) => `${session ?? ""}|${phone}|${method}`;

/** The map kept under `key` (by default, the attempts), empty where there is none or no storage. */
function read(key = KEY): Record<string, string> {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(key) ?? "{}");
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Remembers `id` as this tab's attempt of the number by the method (in the session). */
export function rememberAttempt(attempt: Attempt, id: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...read(), [keyOf(attempt)]: id }));
  } catch {
    // Storage off or full: switching back starts anew, as it did before.
  }
}

/** This tab's attempt of the number by the method (in the session), if it made one. */
function rememberedAttempt(attempt: Attempt): string | undefined {
  const id = read()[keyOf(attempt)];
  return typeof id === "string" ? id : undefined;
}

// And, once one attempt verified a number, the attempts of that number this tab made before it,
// each to the one that verified it: Back from the success page to the SMS code the person did
// not need in the end goes to the success page, not to a code to type for what is done.
// Attempts made afterwards (the same number verified again, on purpose) are not among them.
const SUPERSEDED_KEY = "pv:superseded";
// The verifications whose earlier attempts were so marked: once, when this tab first saw them
// verified. Back to an old success page must not mark an attempt made after it.
const VERIFIED_KEY = "pv:verified";

/**
 * Remembers `verifiedId` as what this tab's other attempts of its number led to. True the first
 * time this tab sees it verified (or where storage is off).
 */
export function rememberVerified(attempt: Omit<Attempt, "method">, verifiedId: string): boolean {
  try {
    const verified = read(VERIFIED_KEY);
    if (verified[verifiedId]) return false;
    sessionStorage.setItem(VERIFIED_KEY, JSON.stringify({ ...verified, [verifiedId]: "1" }));
    const prefix = `${attempt.session ?? ""}|${attempt.phone}|`;
    const attempts = Object.entries(read());
    const others = attempts
      .filter(([key, id]) => key.startsWith(prefix) && id !== verifiedId)
      .map(([, id]) => [id, verifiedId]);
    const superseded = { ...read(SUPERSEDED_KEY), ...Object.fromEntries(others) };
    sessionStorage.setItem(SUPERSEDED_KEY, JSON.stringify(superseded));
    // Nothing to go back to for the number any more: a new start of it is a new attempt.
    const kept = attempts.filter(([key]) => !key.startsWith(prefix));
    sessionStorage.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
    return true;
  } catch {
    // Storage off or full: the other attempts' pages show them as they stand.
    return true;
  }
}

/**
 * This tab's attempts seen ended in a way nothing reopens (an expired SMS code is not one: a
 * resend reopens it), so that verifiedInstead no longer asks after them.
 */
const endedForGood = new Set<string>();

/**
 * The attempt that verified the number instead of `id`, if one did and it still stands (not
 * signed out of, not deleted): one this tab saw verify it after `id` was made, or another of
 * this tab's attempts of the number (in the same session) verified since without the person
 * watching it — the phone opened the PhoneCheck link after they had switched to Truecaller.
 */
export async function verifiedInstead(
  id: string,
  attempt: Omit<Attempt, "method">,
): Promise<string | undefined> {
  const marked = read(SUPERSEDED_KEY)[id];
  const prefix = `${attempt.session ?? ""}|${attempt.phone}|`;
  const others = Object.entries(read())
    .filter(([key, other]) => key.startsWith(prefix) && other !== id)
    .map(([, other]) => other);
  const candidates = new Set(typeof marked === "string" ? [marked, ...others] : others);
  // Asked at each poll of a pending page: together, and not again once one has ended for good.
  const verified = await Promise.all(
    [...candidates]
      .filter((candidate) => !endedForGood.has(candidate))
      .map(async (candidate) => {
        const status = (await getVerification(candidate).catch(() => undefined))?.verification
          .status;
        if (status === "rejected" || status === "failed" || status === "locked") {
          endedForGood.add(candidate);
        }
        return status === "approved" ? candidate : undefined;
      }),
  );
  return verified.find((candidate) => candidate !== undefined);
}

/**
 * Goes on with `input`'s number by its method: back to this tab's attempt of it while that is
 * still pending, else a new one (by `path` on this device, unless it `replaces` one: then the
 * same flow again). A start that answers a challenge or replaces one is always a new one.
 */
export async function resumeOrStart(input: StartInput, path?: string): Promise<VerificationAnswer> {
  const { phone, method, session, challenge, replaces } = input;
  const remembered =
    challenge === undefined && replaces === undefined
      ? rememberedAttempt({ phone, method, session })
      : undefined;
  // Not one a verification made unnecessary (its page, seen again, remembered it once more).
  const earlier = remembered && !read(SUPERSEDED_KEY)[remembered] ? remembered : undefined;
  if (earlier) {
    const found = await getVerification(earlier).catch(() => undefined);
    if (found?.verification.status === "pending") return found;
  }
  return startVerification(input, replaces ? undefined : path);
}
