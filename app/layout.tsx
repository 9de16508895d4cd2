import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { LiveRegion } from "@/components/announcer";
import { LanguageSwitch } from "@/components/language-switch";
import { HomeLink } from "@/components/home-link";
import { SandboxBanner } from "@/components/sandbox-banner";
import { getEnv } from "@/lib/env";
import { messagesFor } from "@/lib/i18n/catalogue";
import { locales } from "@/lib/i18n/locales";
import { pageMessages } from "@/lib/i18n/page";
import { failLayoutOnPurpose } from "@/lib/sandbox/fail-on-purpose";
import { Providers } from "./providers";
import "./globals.css";

// Settings are read per request (the sandbox banner, the allowed countries), not baked in at
// build; so is the language (a cookie, else Accept-Language).
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return {
    title: t.app.name,
    description: t.app.description,
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
    manifest: "/site.webmanifest",
  };
}

export const viewport: Viewport = { themeColor: "#1f57cc" };

// Each language's own name, for the switch.
const languages = locales.map((locale) => ({ locale, name: messagesFor(locale).meta.language }));

export default async function RootLayout({ children }: { children: ReactNode }) {
  const env = getEnv();
  // Sandbox only: how the e2e suite sees app/global-error.tsx.
  await failLayoutOnPurpose();
  const { locale, t, client } = await pageMessages();
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <Providers locale={locale} messages={client}>
          <a
            href="#main"
            className="focus:text-brand-700 sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:shadow"
          >
            {t.app.skip}
          </a>
          <header>
            {env.sandboxEnabled && <SandboxBanner />}
            <div className="mx-auto flex w-full max-w-xl items-center px-4 py-3.5">
              <HomeLink name={t.app.name} />
            </div>
          </header>
          <main
            id="main"
            tabIndex={-1}
            className="mx-auto w-full max-w-xl flex-1 px-4 pb-12 outline-none"
          >
            {children}
            <LiveRegion />
          </main>
          <footer className="border-t border-slate-200">
            <div className="mx-auto flex w-full max-w-xl flex-col gap-3 px-4 py-5 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between">
              <p>{t.app.footer}</p>
              <LanguageSwitch options={languages} />
            </div>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
