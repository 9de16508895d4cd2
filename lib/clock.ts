// The one clock that expiry and rate windows read. Tests (and the sandbox's clock control)
// move it instead of sleeping.

let offsetMs = 0;
let frozenAt: number | undefined;

export function now(): number {
  return (frozenAt ?? Date.now()) + offsetMs;
}

/** Moves the clock forward (or back) by `ms` from wherever it is. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Stops the clock at `ms` (epoch milliseconds); `advanceClock` still moves it. */
export function freezeClock(ms: number): void {
  frozenAt = ms;
  offsetMs = 0;
}

export function resetClock(): void {
  frozenAt = undefined;
  offsetMs = 0;
}

export function clockOffset(): number {
  return frozenAt === undefined ? offsetMs : now() - Date.now();
}
