import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ReceivedWebhooks } from "@/components/sandbox-app/received-webhooks";
import { ReturnResult } from "@/components/sandbox-app/return-result";
import { ButtonLink, Card } from "@/components/ui";
import { getEnv } from "@/lib/env";
import { oneParam } from "@/lib/query-param";
import { pageMessages } from "@/lib/i18n/page";
import { checkReturn } from "@/lib/sandbox/integrating-app";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.sandboxAppReturn };
}

// Where the hosted page sends the person back: the integrating app checks what it was given.
export default async function SandboxAppReturnPage({
  searchParams,
}: {
  searchParams: Promise<Record<"session_id" | "token" | "error", string | string[] | undefined>>;
}) {
  if (!getEnv().sandboxEnabled) notFound();
  const [query, list, { t }] = await Promise.all([searchParams, headers(), pageMessages()]);
  const params = {
    session_id: oneParam(query.session_id),
    token: oneParam(query.token),
    error: oneParam(query.error),
  };
  // Only the session this browser started here: the query string alone proves nothing.
  const check = await checkReturn(params, list.get("cookie"));
  const own = check?.state === "own" ? check : undefined;
  // The page's one action, in the card whose verdict it follows.
  const again = <ButtonLink href="/sandbox/app">{t.sandboxApp.again}</ButtonLink>;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">
        {t.sandboxApp.returnTitle}
      </h1>
      {own ? (
        <ReturnResult check={own} action={again} />
      ) : (
        <Card className="space-y-4">
          <p className="text-slate-600" data-testid="no-session">
            {check ? t.sandboxApp.foreignSession : t.sandboxApp.noSession}
          </p>
          {again}
        </Card>
      )}
      <ReceivedWebhooks sessionId={own?.sessionId} />
    </div>
  );
}
