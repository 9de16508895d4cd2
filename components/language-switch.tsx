"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { useI18n } from "./i18n";

const YEAR_S = 365 * 24 * 3600;

function remember(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax`;
  document.documentElement.lang = locale;
}

/**
 * The page in another language: a cookie that wins over Accept-Language (lib/i18n/locales.ts),
 * then the server renders the page again; what was typed stays.
 */
export function LanguageSwitch({ options }: { options: { locale: Locale; name: string }[] }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function choose(next: Locale) {
    remember(next);
    startTransition(() => router.refresh());
  }
  return (
    <div
      role="group"
      aria-label={t.app.language}
      className="flex items-center gap-1"
      aria-busy={pending || undefined}
    >
      {options.map((option) => (
        <button
          key={option.locale}
          type="button"
          lang={option.locale}
          aria-pressed={option.locale === locale}
          // Busy, not disabled: a disabled button drops the keyboard's focus to <body>
          // (components/ui.tsx Button says more).
          aria-disabled={pending || undefined}
          onClick={() => {
            if (!pending) choose(option.locale);
          }}
          className="min-h-11 rounded-lg px-3 text-sm font-medium text-slate-700 hover:bg-slate-200/70 aria-disabled:cursor-wait aria-pressed:bg-white aria-pressed:text-slate-950 aria-pressed:shadow-sm"
        >
          {option.name}
        </button>
      ))}
    </div>
  );
}
