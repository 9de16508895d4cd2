"use client";

import { Suspense, use, useEffect, useSyncExternalStore } from "react";
import { ProductMark } from "@/components/product-mark";
import { FailureCard } from "@/components/failure-card";
import { Button, buttonLook, Spinner } from "@/components/ui";
import type en from "@/lib/i18n/messages/en.json";
import { defaultLocale, LOCALE_COOKIE, pickLocale, type Locale } from "@/lib/i18n/locales";
import "./globals.css";

// What shows when the root layout itself failed: app/error.tsx's card, in a document of its own
// (this page replaces the root layout, so it has none of its providers: no catalogue handed
// over, no router state to trust). Its words are the catalogue's, each language a chunk of its
// own that the browser fetches only when this page shows: the catalogue stays out of every
// page's first load, as lib/i18n/catalogue.ts keeps it.

type Words = Pick<typeof en, "app" | "errorPage">;

const catalogues: Record<Locale, () => Promise<{ default: Words }>> = {
  en: () => import("@/lib/i18n/messages/en.json"),
  es: () => import("@/lib/i18n/messages/es.json"),
};

const loading = new Map<Locale, Promise<Words>>();

function wordsIn(locale: Locale): Promise<Words> {
  let words = loading.get(locale);
  if (!words) {
    words = catalogues[locale]().then((module) => module.default);
    loading.set(locale, words);
  }
  return words;
}

const noSubscription = () => () => undefined;

/** The language the server would pick (lib/i18n/locales.ts): the switch's cookie, else the browser's. */
function browserLocale(): Locale {
  const cookie = document.cookie
    .split("; ")
    .find((pair) => pair.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  return pickLocale(cookie, navigator.languages.join(","));
}

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  // The server renders English (it sees no request here); the browser then its own language.
  const locale = useSyncExternalStore(noSubscription, browserLocale, () => defaultLocale);
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <Suspense
          fallback={
            <main className="flex flex-1 items-center justify-center">
              <Spinner />
            </main>
          }
        >
          <ErrorDocument locale={locale} retry={retry} />
        </Suspense>
      </body>
    </html>
  );
}

function ErrorDocument({ locale, retry }: { locale: Locale; retry: () => void }) {
  const t = use(wordsIn(locale));
  return (
    <>
      <title>{t.errorPage.documentTitle}</title>
      <header>
        <div className="mx-auto flex w-full max-w-xl items-center px-4 py-3.5">
          {/* Plain links: a whole new page, with a root layout that may work again. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load, on purpose */}
          <a
            href="/"
            className="flex min-h-11 items-center gap-2.5 rounded-lg text-lg font-semibold tracking-tight text-slate-950"
          >
            <ProductMark />
            {t.app.name}
          </a>
        </div>
      </header>
      <main className="mx-auto w-full max-w-xl flex-1 px-4 pb-12">
        <FailureCard
          title={t.errorPage.title}
          text={t.errorPage.text}
          actions={
            <div className="space-y-2">
              <Button onClick={() => retry()}>{t.errorPage.retry}</Button>
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- as above */}
              <a href="/" className={buttonLook("secondary")}>
                {t.errorPage.home}
              </a>
            </div>
          }
        />
      </main>
    </>
  );
}
