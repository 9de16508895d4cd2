import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReceivedWebhooks } from "@/components/sandbox-app/received-webhooks";
import { ReturnResult } from "@/components/sandbox-app/return-result";
import { ButtonLink, Card } from "@/components/ui";
import { getEnv } from "@/lib/env";
import { pageMessages } from "@/lib/i18n/page";
import { checkReturn } from "@/lib/sandbox/integrating-app";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.sandboxApp.returnTitle };
}

// Where the hosted page sends the person back: the integrating app checks what it was given.
export default async function SandboxAppReturnPage({
  searchParams,
}: {
  searchParams: Promise<{ session_id?: string; token?: string; error?: string }>;
}) {
  if (!getEnv().sandboxEnabled) notFound();
  const [params, { t }] = await Promise.all([searchParams, pageMessages()]);
  const check = await checkReturn(params);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">
        {t.sandboxApp.returnTitle}
      </h1>
      {check ? (
        <ReturnResult check={check} />
      ) : (
        <Card>
          <p className="text-slate-600">{t.sandboxApp.noSession}</p>
        </Card>
      )}
      <ReceivedWebhooks sessionId={check?.sessionId} />
      <div className="max-w-xs">
        <ButtonLink href="/sandbox/app" variant="secondary">
          {t.sandboxApp.again}
        </ButtonLink>
      </div>
    </div>
  );
}
