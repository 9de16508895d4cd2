"use client";

import { useEffect } from "react";
import type { EndedStatus } from "@/lib/session-status";
import { useI18n } from "../i18n";
import { StateHeading } from "../state-heading";
import { buttonLook, Card } from "../ui";
import { markReturned, returnedBefore } from "./returned";

/**
 * The hosted page of a session that has ended. Reached from the app's link, it sends the
 * browser on to the app at once, as the way back would: the app says what comes next. Reached
 * by Back from the app (or reloaded there), it stays and says the verification is over, with
 * the way back as a button: going on by itself would send the person forward again every time
 * they went back, and Back could never leave the app's page.
 */
export function SessionOver({
  sessionId,
  returnUrl,
  host,
  outcome,
}: {
  sessionId: string;
  /** /session/<id>/return, which redirects to the app's return_url. */
  returnUrl: string;
  host: string;
  outcome: EndedStatus;
}) {
  const { t, format } = useI18n();
  useEffect(() => {
    const [arrival] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    // Back, or a reload of the page Back showed (the back/forward cache's page reloads itself,
    // components/session/return-when-ended.tsx), in a tab that left for the app from here.
    const cameBack =
      arrival?.type === "back_forward" || (arrival?.type === "reload" && returnedBefore(sessionId));
    if (cameBack) return;
    markReturned(sessionId);
    // Replaced: the app's page, not this one, is what Back from it shows.
    window.location.replace(returnUrl);
  }, [returnUrl, sessionId]);
  return (
    <Card className="space-y-4">
      <StateHeading>{t.session.overTitle}</StateHeading>
      <p className="text-slate-600">{format(t.session.over[outcome], { host })}</p>
      <p className="text-slate-600">{format(t.session.overNext, { host })}</p>
      {/* A route that redirects to the app: a plain link, not the router's. */}
      <a href={returnUrl} className={buttonLook("primary")} data-testid="back-to-app">
        {format(t.session.backTo, { host })}
      </a>
    </Card>
  );
}
