"use client";

import { useEffect, useRef } from "react";
import { useI18n } from "../i18n";
import { Button } from "../ui";

// Seconds the success stays on screen before the browser goes back to the app: long enough for
// the live region to say "Number verified" and for a person to see it.
const RETURN_AFTER_MS = 2000;

/**
 * The way back to the app once a session's number is verified: by itself after a moment, and a
 * button for a browser without JavaScript or a person quicker than that. A GET form, not a
 * link: nothing may prefetch it, since opening it hands the app its token.
 */
export function ReturnToApp({ sessionId, host }: { sessionId: string; host?: string }) {
  const { t, format } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // The form's own submit: a full navigation, as the button's (the route answers a redirect).
    const timer = setTimeout(() => form.current?.submit(), RETURN_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <form
      ref={form}
      method="get"
      action={`/session/${encodeURIComponent(sessionId)}/return`}
      className="space-y-3"
    >
      <p className="text-sm text-slate-600">
        {host ? format(t.session.returning, { host }) : t.session.returningApp}
      </p>
      <Button type="submit" data-testid="continue">
        {host ? format(t.session.continueTo, { host }) : t.session.continueApp}
      </Button>
    </form>
  );
}
