"use client";

import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { buttonLook, Spinner } from "../ui";
import { ReturnWhenEnded } from "./return-when-ended";
import { markReturned } from "./returned";

/**
 * "Cancel and go back to the app": a plain form post (it works before the page's JavaScript
 * has loaded), which ends the session as abandoned and sends the browser back to the app.
 * Wherever it is offered (the hosted page, an attempt's page until it is verified), the page
 * also goes back by itself once the session ended some other way. A way out of the whole page,
 * not an action of its card: drawn above the card as a back link, as hosted checkouts draw
 * theirs (a button only so that it can post).
 */
export function GiveUpForm({ sessionId, host }: { sessionId: string; host?: string }) {
  const { t, format } = useI18n();
  return (
    <GiveUp
      sessionId={sessionId}
      // 44 px tall for a finger, its margins taking back the room it adds around the words.
      className="-my-3 inline-flex min-h-11 cursor-pointer items-center gap-1.5 text-sm font-medium text-slate-700 underline underline-offset-2 hover:text-slate-950 aria-busy:cursor-wait"
      testId="give-up"
      after={<ReturnWhenEnded sessionId={sessionId} host={host} />}
    >
      {(leaving) => (
        <>
          <svg
            aria-hidden
            viewBox="0 0 20 20"
            className="size-4 shrink-0"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M12 5l-5 5 5 5" />
          </svg>
          {leaving
            ? t.session.canceling
            : host
              ? format(t.session.cancel, { host })
              : t.session.cancelApp}
        </>
      )}
    </GiveUp>
  );
}

/**
 * The same way back as the page's top link, as the card's one action: where the app allows no
 * other way for this number (its only method cannot verify it), going back is the way on.
 */
export function GiveUpButton({ sessionId, host }: { sessionId: string; host?: string }) {
  const { t, format } = useI18n();
  return (
    <GiveUp sessionId={sessionId} className={buttonLook("primary")} testId="give-up-button">
      {(leaving) => (
        <>
          {leaving && <Spinner />}
          {host ? format(t.session.backTo, { host }) : t.session.backToApp}
        </>
      )}
    </GiveUp>
  );
}

/**
 * A plain form post to the session's give-up route (it works before JavaScript loads), its
 * button drawn by `children` (told whether the post is under way).
 */
function GiveUp({
  sessionId,
  className,
  testId,
  after,
  children,
}: {
  sessionId: string;
  className: string;
  testId: string;
  after?: ReactNode;
  children: (leaving: boolean) => ReactNode;
}) {
  const [leaving, setLeaving] = useState(false);
  return (
    <form
      method="post"
      action={`/session/${encodeURIComponent(sessionId)}/give-up`}
      onSubmit={() => {
        setLeaving(true);
        markReturned(sessionId);
      }}
    >
      <button
        type="submit"
        // Pressed once: a second post would only race the first (aria-disabled keeps focus).
        aria-disabled={leaving || undefined}
        aria-busy={leaving || undefined}
        onClick={(event) => {
          if (leaving) event.preventDefault();
        }}
        className={className}
        data-testid={testId}
      >
        {children(leaving)}
      </button>
      {after}
    </form>
  );
}
