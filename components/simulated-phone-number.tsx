"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";
import { Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";

// The number the simulated phone (/sandbox) plays, and what its sections share. The page picks
// the number; each method's section of the phone (chosen by the page from the registry) reads
// it here and polls its emulator for what reached that number.

export const SimulatedPhoneNumber = createContext<string>("");

function useSimulatedPhoneNumber(): string {
  return useContext(SimulatedPhoneNumber);
}

/** The phone's number, and what `path?number=…` says for it, polled every second. */
export function usePhoneFeed<T>(name: string, path: string) {
  const phone = useSimulatedPhoneNumber();
  const query = useQuery({
    queryKey: phoneFeedKey(name, phone),
    queryFn: () => apiFetch<T>(`${path}?number=${encodeURIComponent(phone)}`),
    refetchInterval: 1000,
  });
  return { phone, query };
}

export const phoneFeedKey = (name: string, phone: string) => ["sandbox", name, phone];

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
  return (
    <Card className="space-y-3">
      <h2 className="font-semibold">{title}</h2>
      {query.isPending && <Spinner label="Loading…" />}
      {query.error && <p className="text-sm text-red-700">{query.error.message}</p>}
      {!query.isPending && empty && <p className="text-sm text-slate-600">{empty}</p>}
      {children}
    </Card>
  );
}
