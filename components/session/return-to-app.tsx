"use client";

import { useEffect, useRef, useState } from "react";
import { useAnnounce } from "../announcer";
import { useI18n } from "../i18n";
import { Button } from "../ui";
import { markReturned, returnedBefore } from "./returned";

// Seconds the success stays on screen before the browser goes back to the app by itself. A
// person who needs longer (to read the page, or to hear it read) stops it with "Stay on this
// page": the time and the one action to turn it off are what WCAG 2.2.1 (Timing Adjustable)
// asks of a limit that can be extended, so the page shows both from the start.
const RETURN_AFTER_S = 20;

/**
 * The way back to the app once a session's number is verified: by itself after a visible
 * countdown that the person can stop, and a button for a person quicker than that (or a browser
 * without JavaScript). A GET form, not a link: nothing may prefetch it, since opening it hands
 * the app its token.
 */
export function ReturnToApp({ sessionId, host }: { sessionId: string; host?: string }) {
  const { t, format, plural } = useI18n();
  const announce = useAnnounce();
  const form = useRef<HTMLFormElement>(null);
  const [secondsLeft, setSecondsLeft] = useState(RETURN_AFTER_S);
  const [staying, setStaying] = useState(false);
  useEffect(() => {
    if (staying) return;
    if (returnedBefore(sessionId)) {
      // Back from the app: the page stays, its button the way back. Read from storage, an
      // outside system, after the first render (the server's cannot see it).
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setStaying(true);
      return;
    }
    // Counted against a deadline, not in ticks: a background tab's timers run late.
    const deadline = Date.now() + RETURN_AFTER_S * 1000;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left > 0) return;
      clearInterval(timer);
      markReturned(sessionId);
      // The form's own submit: a full navigation, as the button's (the route answers a redirect).
      form.current?.submit();
    }, 250);
    return () => clearInterval(timer);
  }, [staying, sessionId]);

  // What changed, not what to do next: the button below says that already.
  const stayed = t.session.stayed;
  function stay() {
    setStaying(true);
    // The Stay button goes with the countdown: focus goes on to the way back, and the live
    // region says what changed.
    form.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    announce(stayed);
  }

  return (
    <form
      ref={form}
      method="get"
      action={`/session/${encodeURIComponent(sessionId)}/return`}
      onSubmit={() => markReturned(sessionId)}
      className="space-y-3"
    >
      {/* Not a live region: a number read out every second would drown the page. */}
      <p className="text-sm text-slate-600 tabular-nums" data-testid="return-countdown">
        {staying
          ? stayed
          : plural(host ? t.session.returningIn : t.session.returningAppIn, secondsLeft, {
              host: host ?? "",
            })}
      </p>
      <div className="space-y-2">
        <Button type="submit" data-testid="continue">
          {host ? format(t.session.continueTo, { host }) : t.session.continueApp}
        </Button>
        {!staying && (
          <Button variant="secondary" onClick={stay}>
            {t.session.stay}
          </Button>
        )}
      </div>
    </form>
  );
}
