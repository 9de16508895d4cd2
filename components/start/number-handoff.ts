// "Start again with another number" takes the number back to the start page to be corrected or
// replaced: in this tab's sessionStorage, read once, rather than in the link's URL, where it
// would stay in the browser's history and in the access logs of every proxy on the way.

const KEY = "pv:number";

/** Leaves `phone` (as a person reads it) for the start page this tab opens next. */
export function handNumberToStartPage(phone: string): void {
  try {
    sessionStorage.setItem(KEY, phone);
  } catch {
    // Storage off: the start page starts empty, as before.
  }
}

/** The number left for the start page, taken (a reload starts empty). */
export function takeHandedNumber(): string | undefined {
  try {
    const phone = sessionStorage.getItem(KEY) ?? undefined;
    sessionStorage.removeItem(KEY);
    return phone;
  } catch {
    return undefined;
  }
}
