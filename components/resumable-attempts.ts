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

function read(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? "{}");
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

/**
 * Goes on with `input`'s number by its method: back to this tab's attempt of it while that is
 * still pending, else a new one (by `path` on this device, unless it `replaces` one: then the
 * same flow again). A start that answers a challenge or replaces one is always a new one.
 */
export async function resumeOrStart(input: StartInput, path?: string): Promise<VerificationAnswer> {
  const { phone, method, session, challenge, replaces } = input;
  const earlier =
    challenge === undefined && replaces === undefined
      ? rememberedAttempt({ phone, method, session })
      : undefined;
  if (earlier) {
    const found = await getVerification(earlier).catch(() => undefined);
    if (found?.verification.status === "pending") return found;
  }
  return startVerification(input, replaces ? undefined : path);
}
