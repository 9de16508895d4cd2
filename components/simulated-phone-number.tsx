"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { ClientMessages } from "@/lib/i18n/catalogue";
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

type SandboxWords = ClientMessages["sandbox"];
/** An entry of the catalogue's `sandbox` words that is plain text. */
type SandboxText = {
  [K in keyof SandboxWords]: SandboxWords[K] extends string ? K : never;
}[keyof SandboxWords];

/**
 * What one section of the phone lists: its words, where its emulator says it, and how to read
 * the answer.
 */
export type PhoneFeed<Answer, Item> = {
  /** The section's name (the phone orders sections by it). */
  name: string;
  /** Its heading, what it says while empty, and its list's accessible name. */
  words: { title: SandboxText; empty: SandboxText; label: SandboxText };
  /** The emulator's endpoint; `?number=…` is added. */
  path: string;
  items: (answer: Answer) => Item[];
  /** When an item reached the phone (ISO time): the newest puts its section first. */
  arrivedAt: (item: Item) => string;
};

/** What a section's items are drawn with: the phone's number, and the whole answer. */
type FeedView<Answer> = { phone: string; answer: Answer; receivedAt: number };

export const phoneFeedKey = (name: string, phone: string) => ["sandbox", name, phone];

/**
 * One section of the simulated phone: its feed polled every second for the phone's number, a
 * card that says when the feed loads, fails or is empty, its items (`item` draws each, an
 * `<li>` with its key) in a list named by the feed's `label`, then `children` (the section's
 * own extras).
 */
export function PhoneFeedSection<Answer, Item>({
  feed,
  item,
  children,
}: {
  feed: PhoneFeed<Answer, Item>;
  item: (item: Item, view: FeedView<Answer>) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const failureText = useFailureText();
  const phone = useContext(SimulatedPhoneNumber);
  const query = useQuery({
    queryKey: phoneFeedKey(feed.name, phone),
    queryFn: () => apiFetch<Answer>(`${feed.path}?number=${encodeURIComponent(phone)}`),
    refetchInterval: 1000,
  });
  const answer = query.data;
  const items = answer === undefined ? [] : feed.items(answer);
  useReportNewest(items.map(feed.arrivedAt), !query.isPending);
  return (
    <Card className="space-y-4">
      <h2 className="text-lg font-semibold tracking-tight">{t.sandbox[feed.words.title]}</h2>
      {query.isPending && <Spinner label={t.common.loading} />}
      {query.error && <p className="text-sm text-red-700">{failureText(query.error)}</p>}
      {!query.isPending && items.length === 0 && (
        <p className="text-sm text-slate-600">{t.sandbox[feed.words.empty]}</p>
      )}
      {answer !== undefined && (
        <ul className="space-y-3" aria-label={t.sandbox[feed.words.label]}>
          {items.map((one) => item(one, { phone, answer, receivedAt: query.dataUpdatedAt }))}
        </ul>
      )}
      {children}
    </Card>
  );
}

/**
 * Tells the phone when this section's newest item arrived (ISO times; none: nothing yet), once
 * its feed has answered (`loaded`): until then the phone cannot place it.
 */
function useReportNewest(times: string[], loaded: boolean): void {
  const { name, report } = useContext(SectionSlot);
  const newest = Math.max(0, ...times.map((time) => Date.parse(time) || 0));
  useEffect(() => {
    if (loaded) report(name, newest);
  }, [name, newest, report, loaded]);
}
