/**
 * The country a number field starts on: `preferred` where offered, else the United States
 * where offered, else the first offered (`codes` in the order the picker lists them). The start
 * page and the simulated phone agree on it, so that a national number means one number on both.
 */
export function firstCountry(codes: readonly string[], preferred?: string): string {
  if (preferred && codes.includes(preferred)) return preferred;
  return codes.includes("US") ? "US" : (codes[0] ?? "US");
}
