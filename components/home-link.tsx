"use client";

import Link from "next/link";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { ProductMark } from "./product-mark";

// The header's product mark and name: a link to the start page, except while the person
// verifies for another app (a session's hosted page and its attempts' pages). There it would
// lead out of the app's flow, to a verification that app never hears of: the mark stands
// alone, and the way out is the page's own "Cancel and go back".

type InSession = { inSession: boolean; setInSession: (inSession: boolean) => void };

const InSessionContext = createContext<InSession>({
  inSession: false,
  setInSession: () => undefined,
});

export function InSessionProvider({ children }: { children: ReactNode }) {
  const [inSession, setInSession] = useState(false);
  return (
    <InSessionContext.Provider value={{ inSession, setInSession }}>
      {children}
    </InSessionContext.Provider>
  );
}

/** Says that the page shown is one of a session's, while the calling component shows it. */
export function useShowInSession(active: boolean): void {
  const { setInSession } = useContext(InSessionContext);
  useEffect(() => {
    if (!active) return;
    setInSession(true);
    return () => setInSession(false);
  }, [active, setInSession]);
}

export function HomeLink({ name }: { name: string }) {
  const { inSession } = useContext(InSessionContext);
  const look =
    "flex min-h-11 items-center gap-2.5 rounded-lg text-lg font-semibold tracking-tight text-slate-950";
  const mark = (
    <>
      <ProductMark />
      {name}
    </>
  );
  if (inSession) {
    return (
      <span className={look} data-testid="home-mark">
        {mark}
      </span>
    );
  }
  return (
    <Link href="/" className={look} data-testid="home-mark">
      {mark}
    </Link>
  );
}
