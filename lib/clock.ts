// The one clock that expiry and rate windows read. Tests (and the sandbox's clock control)
// move it instead of sleeping.

// On globalThis: Next's instrumentation (which runs the purge and the session sweep) and its
// route bundles each load a copy of this module, and every copy must read one clock. With the
// offset in a module variable, the sandbox clock moved the routes' time but not the sweep's,
// so sessions nobody read never expired.
type ClockState = { offsetMs: number; frozenAt: number | undefined };
const holder = globalThis as unknown as { phoneVerifyClock?: ClockState };
const clock = (holder.phoneVerifyClock ??= { offsetMs: 0, frozenAt: undefined });

export function now(): number {
  return (clock.frozenAt ?? Date.now()) + clock.offsetMs;
}

/** Moves the clock forward (or back) by `ms` from wherever it is. */
export function advanceClock(ms: number): void {
  clock.offsetMs += ms;
}

/** Stops the clock at `ms` (epoch milliseconds); `advanceClock` still moves it. */
export function freezeClock(ms: number): void {
  clock.frozenAt = ms;
  clock.offsetMs = 0;
}

export function resetClock(): void {
  clock.frozenAt = undefined;
  clock.offsetMs = 0;
}

export function clockOffset(): number {
  return clock.frozenAt === undefined ? clock.offsetMs : now() - Date.now();
}
