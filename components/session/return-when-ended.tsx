"use client";

import { useEffect } from "react";
import { markReturned } from "./returned";

// How often a page of the session asks whether the session ended while the person is on it.
const ENDED_CHECK_MS = 3000;

/**
 * Sends the browser back to the app, with the error, as soon as the session ends otherwise than
 * verified while the person is on one of its pages (the app canceled it, it expired, they gave
 * up in another tab): otherwise they would learn it only at their next tap. It asks
 * GET /session/:id/state while the page is visible, and again when it comes back into view;
 * the way back (/session/:id/return) then answers the app's return_url with `&error=`.
 */
export function ReturnWhenEnded({ sessionId }: { sessionId: string }) {
  useEffect(() => {
    const id = encodeURIComponent(sessionId);
    let leaving = false;
    const check = async () => {
      if (leaving || document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/session/${id}/state`, { cache: "no-store" });
        if (!response.ok) return;
        const { ended } = (await response.json()) as { ended?: boolean };
        if (!ended || leaving) return;
        leaving = true;
        markReturned(sessionId);
        // Replaces this page: Back from the app does not come to a session that is over.
        window.location.replace(`/session/${id}/return`);
      } catch {
        // Offline for a moment: the next check asks again.
      }
    };
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
  return null;
}
