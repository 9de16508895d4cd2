"use client";

import { useState } from "react";
import { useI18n } from "../i18n";
import { Button } from "../ui";
import { ReturnWhenEnded } from "./return-when-ended";

/**
 * "Cancel and go back to the app": a plain form post (it works before the page's JavaScript
 * has loaded), which ends the session as abandoned and sends the browser back to the app.
 * Wherever it is offered (the hosted page, an attempt's page until it is verified), the page
 * also goes back by itself once the session ended some other way.
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
      <Button type="submit" variant="quiet" pending={leaving} data-testid="give-up">
        {leaving
          ? t.session.canceling
          : host
            ? format(t.session.cancel, { host })
            : t.session.cancelApp}
      </Button>
      <ReturnWhenEnded sessionId={sessionId} />
    </form>
  );
}
