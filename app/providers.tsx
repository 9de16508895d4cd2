"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { AnnouncerProvider } from "@/components/announcer";
import { InSessionProvider } from "@/components/home-link";
import { I18nProvider } from "@/components/i18n";
import { PhoneInPlayProvider } from "@/components/phone-in-play";
import type { ClientMessages } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locales";

export function Providers({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: ClientMessages;
  children: ReactNode;
}) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 0, refetchOnWindowFocus: true } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <I18nProvider locale={locale} messages={messages}>
        <PhoneInPlayProvider>
          <InSessionProvider>
            <AnnouncerProvider>{children}</AnnouncerProvider>
          </InSessionProvider>
        </PhoneInPlayProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
