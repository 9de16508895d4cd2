import type { ReactNode } from "react";

/** A method's icon on the start page: line art on a 24-unit grid, in the text's colour. */
export function MethodIcon({
  strokeWidth = 1.75,
  children,
}: {
  strokeWidth?: number;
  /** The icon's paths. */
  children: ReactNode;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      {children}
    </svg>
  );
}
