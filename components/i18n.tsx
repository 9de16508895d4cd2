"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { ClientMessages } from "@/lib/i18n/catalogue";
import { format, plural, type PluralForms, type Values } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";

// The browser's words: the root layout hands over the request's language and its part of the
// catalogue (lib/i18n/catalogue.ts); every client component reads them here.

type Catalogue = { locale: Locale; t: ClientMessages };

const I18nContext = createContext<Catalogue | undefined>(undefined);

export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: ClientMessages;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ locale, t: messages }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const catalogue = useContext(I18nContext);
  if (!catalogue) throw new Error("useI18n() outside I18nProvider");
  const { locale, t } = catalogue;
  return {
    locale,
    t,
    format,
    plural: (forms: PluralForms, count: number, values?: Values) =>
      plural(forms, count, locale, values),
  };
}
