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
export function rememberedAttempt(attempt: Attempt): string | undefined {
  const id = read()[keyOf(attempt)];
  return typeof id === "string" ? id : undefined;
}
