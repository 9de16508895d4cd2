"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { useI18n } from "../i18n";
import { Card } from "../ui";
import { JsonBlock } from "./json-block";

type Received = {
  id: string;
  type: string;
  sessionId: string | null;
  payload: unknown;
  deliveries: number;
  receivedAt: string | number;
};

/**
 * What the integrating app's webhook receiver (app/api/sandbox/webhooks) accepted, newest
 * first: each one's signature was checked with the standardwebhooks package before it was kept.
 */
export function ReceivedWebhooks({ sessionId }: { sessionId?: string }) {
  const { t, format } = useI18n();
  const query = useQuery({
    queryKey: ["sandbox-webhooks"],
    queryFn: () => apiFetch<{ webhooks: Received[] }>("/api/sandbox/webhooks"),
    refetchInterval: 2000,
  });
  const webhooks = (query.data?.webhooks ?? []).filter(
    (webhook) => !sessionId || webhook.sessionId === sessionId,
  );
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold text-slate-950">{t.sandboxApp.webhooks}</h2>
      <p className="text-sm text-slate-600">{t.sandboxApp.webhooksLead}</p>
      <div aria-live="polite">
        {webhooks.length === 0 ? (
          <p className="text-sm text-slate-600">{t.sandboxApp.noWebhooks}</p>
        ) : (
          <ul className="space-y-3" data-testid="webhooks">
            {webhooks.map((webhook) => (
              <li key={webhook.id} className="rounded-xl border border-slate-200 p-3">
                <p className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-mono text-sm font-semibold text-slate-950">
                    {webhook.type}
                  </span>
                  <span className="text-xs text-slate-600">
                    {format(t.sandboxApp.signatureValid, { count: webhook.deliveries })}
                  </span>
                </p>
                <div className="mt-2">
                  <JsonBlock value={webhook.payload} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
