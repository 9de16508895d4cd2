"use client";

import { useEffect } from "react";
import { useAnnounce } from "./announcer";

/** After Sign out, on the start page: that it happened, on the page and in the live region. */
export function SignedOutNote({ text }: { text: string }) {
  const announce = useAnnounce();
  useEffect(() => announce(text), [announce, text]);
  return (
    <p
      className="rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
      data-testid="signed-out"
    >
      {text}
    </p>
  );
}
