import { useEffect, useState } from "react";
import type { MethodName } from "@/lib/method-names";

// "Start again with another number" takes the number, and the method it was tried with, back to
// the start page (or a session's choice of methods) to be corrected or replaced; so does a start
// itself, for the browser's Back to the start page (whose field would be empty, its state gone
// with it), until the number is verified. In this tab's sessionStorage, read once, rather than
// in a URL, where it would stay in the browser's history and in the access logs of every proxy
// on the way.

const KEY = "pv:handoff";

export type Handoff = { phone: string; method?: MethodName };

/** Leaves the number (as a person reads it), and its method, for the next start this tab shows. */
export function handBack(handoff: Handoff): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(handoff));
  } catch {
    // Storage off: the start page starts empty, as before.
  }
}

/** The number is verified: the next start page of this tab starts empty. */
export function forgetHandoff(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage off: nothing was left.
  }
}

function take(): Handoff | undefined {
  try {
    const text = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    const value: unknown = text ? JSON.parse(text) : undefined;
    if (!value || typeof value !== "object") return undefined;
    const { phone, method } = value as Record<string, unknown>;
    if (typeof phone !== "string") return undefined;
    return { phone, method: typeof method === "string" ? (method as MethodName) : undefined };
  } catch {
    return undefined;
  }
}

/**
 * What a verification's page handed back, taken once after the first render (the server's
 * render cannot see sessionStorage, and hydration must match it); a reload starts empty. Not
 * `enabled`: left for the page it was meant for.
 */
export function useHandedBack(enabled = true): Handoff | undefined {
  const [handed, setHanded] = useState<Handoff>();
  useEffect(() => {
    if (!enabled) return;
    const taken = take();
    // Read once from storage, an outside system: one extra render, on the first paint only.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (taken) setHanded(taken);
  }, [enabled]);
  return handed;
}
