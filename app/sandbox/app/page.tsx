import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReceivedWebhooks } from "@/components/sandbox-app/received-webhooks";
import { StartSession } from "@/components/sandbox-app/start-session";
import { getEnv } from "@/lib/env";
import { firstCountry } from "@/lib/first-country";
import { countryOptions } from "@/lib/phone";
import { pageMessages } from "@/lib/i18n/page";
import { availableMethods } from "@/lib/sessions/sessions";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.sandboxApp };
}

// The sandbox's integrating app: what another app does with a verification session, played
// here so that the whole loop can be seen without writing code (lib/sandbox/integrating-app.ts).
export default async function SandboxAppPage() {
  if (!getEnv().sandboxEnabled) notFound();
  const { t, locale } = await pageMessages();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-950">
          {t.sandboxApp.title}
        </h1>
        <p className="text-slate-600">{t.sandboxApp.lead}</p>
      </div>
      <StartSession
        methods={availableMethods()}
        // The start page's first country: a national number is the same number on both.
        country={firstCountry(
          countryOptions(getEnv().ALLOWED_COUNTRIES, locale).map((option) => option.code),
        )}
      />
      <ReceivedWebhooks />
    </div>
  );
}
