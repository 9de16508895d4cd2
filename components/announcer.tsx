"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useI18n } from "./i18n";

// The page's one live region: what changes by itself, or after an action, is said here (a code
// sent, a wrong code, verified, expired), so that a screen reader hears it wherever focus is.

type Announcer = { message: string; announce: (message: string) => void };

const AnnouncerContext = createContext<Announcer>({ message: "", announce: () => undefined });

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  // Words are said where they were said: on another page, or this one in another language,
  // they are about what is gone (a code sent, on the page switched from) or in the old language,
  // also when they arrive just after the change (announce sets them a moment later). The new
  // page says its own.
  const where = `${usePathname()}|${useI18n().locale}`;
  const [said, setSaid] = useState({ text: "", where });
  const message = said.where === where ? said.text : "";
  const announce = useCallback(
    (next: string) => {
      // Emptied first, so that the same words said twice are heard twice.
      setSaid({ text: "", where });
      setTimeout(() => setSaid({ text: next, where }), 50);
    },
    [where],
  );
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
