"use client";

import { useState } from "react";
import { useI18n } from "../i18n";
import { ReturnWhenEnded } from "./return-when-ended";

/**
 * "Cancel and go back to the app": a plain form post (it works before the page's JavaScript
 * has loaded), which ends the session as abandoned and sends the browser back to the app.
 * Wherever it is offered (the hosted page, an attempt's page until it is verified), the page
 * also goes back by itself once the session ended some other way. A way out, not an action of
 * the page: it looks like every other link (a button only so that it can post).
 */
export function GiveUpForm({ sessionId, host }: { sessionId: string; host?: string }) {
  const { t, format } = useI18n();
  const [leaving, setLeaving] = useState(false);
  return (
    <form
      method="post"
      action={`/session/${encodeURIComponent(sessionId)}/give-up`}
      onSubmit={() => setLeaving(true)}
    >
      <p className="text-sm text-slate-600">
        <button
          type="submit"
          // Pressed once: a second post would only race the first (aria-disabled keeps focus).
          aria-disabled={leaving || undefined}
          aria-busy={leaving || undefined}
          onClick={(event) => {
            if (leaving) event.preventDefault();
          }}
          className="text-brand-700 hover:text-brand-900 cursor-pointer font-medium underline underline-offset-2 aria-busy:cursor-wait"
          data-testid="give-up"
        >
          {leaving
            ? t.session.canceling
            : host
              ? format(t.session.cancel, { host })
              : t.session.cancelApp}
        </button>
      </p>
      <ReturnWhenEnded sessionId={sessionId} />
    </form>
  );
}
