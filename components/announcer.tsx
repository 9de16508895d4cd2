"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useI18n } from "./i18n";

// The page's one live region: what changes by itself, or after an action, is said here (a code
// sent, a wrong code, verified, expired), so that a screen reader hears it wherever focus is.

type Announcer = { message: string; announce: (message: string) => void };

const AnnouncerContext = createContext<Announcer>({ message: "", announce: () => undefined });

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  // Another page, or this one in another language: the last words said are about what is gone
  // (a code sent, on the page switched from) or in the old language. Cleared while rendering, as
  // React advises for state that follows other state; the new page says its own.
  const where = `${usePathname()}|${useI18n().locale}`;
  const [saidWhere, setSaidWhere] = useState(where);
  if (saidWhere !== where) {
    setSaidWhere(where);
    setMessage("");
  }
  const announce = useCallback((next: string) => {
    // Emptied first, so that the same words said twice are heard twice.
    setMessage("");
    setTimeout(() => setMessage(next), 50);
  }, []);
  return (
    <AnnouncerContext.Provider value={{ message, announce }}>{children}</AnnouncerContext.Provider>
  );
}

export function useAnnounce(): (message: string) => void {
  return useContext(AnnouncerContext).announce;
}

/** The region itself: inside the page's main landmark, present from the first paint. */
export function LiveRegion() {
  const { message } = useContext(AnnouncerContext);
  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      className="sr-only"
      data-testid="announcer"
    >
      {message}
    </div>
  );
}
