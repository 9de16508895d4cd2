"use client";

import type {} from "altcha/types/react";
import { useEffect, useRef, useState } from "react";
import { Spinner } from "./ui";

/**
 * The proof-of-work check (ALTCHA, self-hosted) the server asks for when traffic looks
 * automated. The widget is a checkbox, so a keyboard reaches it; solving takes a second or so
 * of this browser's CPU. Loaded only when asked for: it stays out of the first page load.
 */
export function Challenge({ onSolved }: { onSolved: (payload: string) => void }) {
  const widget = useRef<HTMLElement>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void import("altcha").then(() => !cancelled && setLoaded(true));
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(() => {
    const element = widget.current;
    if (!loaded || !element) return;
    const verified = (event: Event) => {
      const payload = (event as CustomEvent<{ payload?: string }>).detail?.payload;
      if (payload) onSolved(payload);
    };
    element.addEventListener("verified", verified);
    return () => element.removeEventListener("verified", verified);
  }, [loaded, onSolved]);
  return (
    <div className="space-y-2" data-testid="challenge">
      <p className="text-sm text-slate-700">
        We are seeing a lot of requests. Please confirm you are a person, and we send your code.
      </p>
      {loaded ? (
        <altcha-widget ref={widget} challenge="/api/challenge" name="challenge" />
      ) : (
        <Spinner label="Loading the check…" />
      )}
    </div>
  );
}
