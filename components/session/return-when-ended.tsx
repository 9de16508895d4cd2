"use client";

import { useEffect, useRef, useState } from "react";
import { useAnnounce } from "../announcer";
import { formatSeconds } from "../countdown";
import { useI18n } from "../i18n";
import { Rich } from "../rich";
import { Alert } from "../ui";
import { markReturned } from "./returned";

// How often a page of the session asks whether the session ended while the person is on it.
const ENDED_CHECK_MS = 3000;

// How long before the session's end its pages warn that time is nearly up: long enough to
// finish a code or a prompt already under way, and to read the warning (WCAG 2.2.1 asks for a
// warning where the time cannot be extended; here only the app that set it could).
const WARN_BEFORE_END_S = 120;

/**
 * Sends the browser back to the app, with the error, as soon as the session ends otherwise than
 * verified while the person is on one of its pages (the app canceled it, it expired, they gave
 * up in another tab): otherwise they would learn it only at their next tap. It asks
 * GET /session/:id/state while the page is visible, and again when it comes back into view;
 * the way back (/session/:id/return) then answers the app's return_url with `&error=`.
 * In the session's last two minutes it says so, with the time left, once to a screen reader.
 */
export function ReturnWhenEnded({ sessionId, host }: { sessionId: string; host?: string }) {
  // When the session ends, by this browser's clock: the server's seconds left, from when they
  // arrived (a browser clock that is off, or the sandbox clock moved on, does not matter).
  const [endsAt, setEndsAt] = useState<number | null>(null);
  useEffect(() => {
    const id = encodeURIComponent(sessionId);
    let leaving = false;
    const check = async () => {
      if (leaving || document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/session/${id}/state`, { cache: "no-store" });
        if (!response.ok) return;
        const state = (await response.json()) as { ended?: boolean; expires_in?: number };
        if (typeof state.expires_in === "number") {
          setEndsAt(Date.now() + state.expires_in * 1000);
        }
        if (!state.ended || leaving) return;
        leaving = true;
        markReturned(sessionId);
        // Replaces this page: Back from the app does not come to a session that is over.
        window.location.replace(`/session/${id}/return`);
      } catch {
        // Offline for a moment: the next check asks again.
      }
    };
    // Asked at once too: a page opened in the session's last minutes warns from the start.
    void check();
    const timer = setInterval(() => void check(), ENDED_CHECK_MS);
    const onVisible = () => void check();
    // Shown again as it was left (the back/forward cache, by Back from the app): the server
    // says what the page is now, instead of this one going forward by itself.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("pageshow", onShow);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("pageshow", onShow);
    };
  }, [sessionId]);
  return endsAt === null ? null : <EndingSoon endsAt={endsAt} host={host} />;
}

/** "Time is nearly up…", with the minutes and seconds left, from two minutes before the end. */
function EndingSoon({ endsAt, host }: { endsAt: number; host?: string }) {
  const { t, format } = useI18n();
  const announce = useAnnounce();
  const [nowMs, setNowMs] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((endsAt - nowMs) / 1000));
  const warn = left <= WARN_BEFORE_END_S;
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // Said once, when the warning appears, not at every tick of its countdown.
  const announced = useRef(false);
  const text = host ? t.session.endingSoon : t.session.endingSoonApp;
  useEffect(() => {
    if (!warn || announced.current) return;
    announced.current = true;
    announce(format(text, { host: host ?? "", time: formatSeconds(left) }));
  }, [warn, left, text, host, announce, format]);
  if (!warn || left === 0) return null;
  return (
    <div className="mt-3" data-testid="session-ending">
      <Alert tone="info" quiet>
        <Rich
          text={text}
          values={{
            host: host ?? "",
            time: <span className="font-medium tabular-nums">{formatSeconds(left)}</span>,
          }}
        />
      </Alert>
    </div>
  );
}
