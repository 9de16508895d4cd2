"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import { useFailureText } from "./failure-text";
import { useI18n } from "./i18n";

// The number the simulated phone (/sandbox) plays, and what its sections share. The page picks
// the number; each method's section of the phone (chosen by the page) reads it here, polls its
// emulator for what reached that number, and says when its newest item arrived, so that the
// phone shows the section with the newest item first.

export const SimulatedPhoneNumber = createContext<string>("");

/** A section's name, and where it tells the phone when its newest item arrived. */
export const SectionSlot = createContext<{
  name: string;
  report: (name: string, at: number) => void;
}>({ name: "", report: () => undefined });

/** The phone's number, and what `path?number=…` says for it, polled every second. */
export function usePhoneFeed<T>(name: string, path: string) {
  const phone = useContext(SimulatedPhoneNumber);
  const query = useQuery({
    queryKey: phoneFeedKey(name, phone),
    queryFn: () => apiFetch<T>(`${path}?number=${encodeURIComponent(phone)}`),
    refetchInterval: 1000,
  });
  return { phone, query };
}

export const phoneFeedKey = (name: string, phone: string) => ["sandbox", name, phone];

/** Tells the phone when this section's newest item arrived (ISO times; none: nothing yet). */
export function useReportNewest(times: string[]): void {
  const { name, report } = useContext(SectionSlot);
  const newest = Math.max(0, ...times.map((time) => Date.parse(time) || 0));
  useEffect(() => report(name, newest), [name, newest, report]);
}

/** One section of the simulated phone: a card that says when it loads, fails or is empty. */
export function PhoneSectionCard({
  title,
  query,
  empty,
  children,
}: {
  title: string;
  query: { isPending: boolean; error: Error | null };
  /** What to say when the feed has nothing; undefined while it has something. */
  empty: string | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const failureText = useFailureText();
  return (
    <Card className="space-y-4">
      <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
      {query.isPending && <Spinner label={t.common.loading} />}
      {query.error && <p className="text-sm text-red-700">{failureText(query.error)}</p>}
      {!query.isPending && empty && <p className="text-sm text-slate-600">{empty}</p>}
      {children}
    </Card>
  );
}
