"use client";

import { useEffect, useState } from "react";
import { useI18n } from "./i18n";
import { Rich } from "./rich";

type Timed = { serverTime: string; receivedAt?: number };

/**
 * Seconds left until `until`, by the server's clock: `serverTime` is when the server wrote the
 * DTO and `receivedAt` when the browser got it, so a browser clock that is off (or the
 * sandbox clock moved forward) does not matter.
 */
export function useSecondsLeft(until: string | null, timed: Timed): number | null {
  const [nowMs, setNowMs] = useState(() => Date.now());
  const left = secondsLeft(until, timed, nowMs);
  // Ticks only while there is something to count down: no timer re-rendering the page every
  // second once the time is up, or when there is no time limit at all.
  const running = left !== null && left > 0;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return left;
}

function secondsLeft(until: string | null, timed: Timed, nowMs: number): number | null {
  if (until === null) return null;
  const elapsed = Math.max(0, nowMs - (timed.receivedAt ?? nowMs));
  const serverNow = Date.parse(timed.serverTime) + elapsed;
  return Math.max(0, Math.ceil((Date.parse(until) - serverNow) / 1000));
}

export function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

/** "Expires in 9:58", by the server's clock. */
export function Countdown({ until, timed }: { until: string; timed: Timed }) {
  const { t } = useI18n();
  const left = useSecondsLeft(until, timed);
  if (left === null) return null;
  return (
    <p className="text-sm text-slate-600">
      <Rich
        text={t.common.expiresIn}
        values={{
          time: (
            // The server renders it a moment before the browser does: the seconds may differ.
            <span className="font-medium tabular-nums" suppressHydrationWarning>
              {formatSeconds(left)}
            </span>
          ),
        }}
      />
    </p>
  );
}
