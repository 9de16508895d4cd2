"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * The heading of a state of the page (a code to enter, verified, expired…). It takes focus when
 * it appears, so that keyboard and screen reader users start from the new state instead of the
 * top of the page (or nowhere, when the button they pressed went away with the old state).
 * Give it a `key` that changes with the state.
 */
export function StateHeading({
  children,
  className = "text-xl font-semibold tracking-tight text-slate-950",
}: {
  children: ReactNode;
  className?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} data-focus-target="" className={className}>
      {children}
    </h1>
  );
}
