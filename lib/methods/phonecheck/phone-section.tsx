"use client";

import { useSimulatedPhoneNumber } from "@/components/simulated-phone-number";
import { useQuery } from "@tanstack/react-query";
import { Countdown } from "@/components/countdown";
import { Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { PendingCheck } from "@/lib/methods/phonecheck/emulator/phone";
import { truidRuleDescriptions } from "@/lib/methods/phonecheck/emulator/rules";

// tru.ID on the simulated phone: the PhoneChecks open for this number. "Open over mobile data"
// does what scanning the laptop's QR code does; the tru.ID emulator takes every request as coming
// over mobile data, unless a number rule says otherwise.

type Answer = { checks: PendingCheck[]; serverTime: string };

export function PhoneCheckPhoneSection() {
  const phone = useSimulatedPhoneNumber();
  const checks = useQuery({
    queryKey: ["sandbox", "phonecheck", phone],
    queryFn: async () => {
      const answer = await apiFetch<Answer>(
        `/api/sandbox/tru-id/simulator/checks?number=${encodeURIComponent(phone)}`,
      );
      return { ...answer, receivedAt: Date.now() };
    },
    refetchInterval: 1000,
  });
  return (
    <Card className="space-y-3">
      <h2 className="font-semibold">Mobile data checks (tru.ID)</h2>
      {checks.isPending && <Spinner label="Loading checks…" />}
      {checks.isError && <p className="text-sm text-red-700">{checks.error.message}</p>}
      {checks.data?.checks.length === 0 && (
        <p className="text-sm text-slate-600">No mobile data check waiting.</p>
      )}
      <ul className="space-y-3" aria-label="Mobile data checks">
        {checks.data?.checks.map((check) => (
          <li
            key={check.checkId}
            className="space-y-2 rounded-xl bg-slate-100 p-4"
            data-testid="phonecheck-check"
          >
            <div className="flex items-baseline justify-between text-xs text-slate-500">
              <span>
                PhoneCheck {check.version} · {check.status.toLowerCase()}
              </span>
              <Countdown
                until={check.expiresAt}
                timed={{ serverTime: checks.data.serverTime, receivedAt: checks.data.receivedAt }}
                label="Expires in"
              />
            </div>
            <a
              href={check.openUrl}
              className="bg-brand-600 hover:bg-brand-700 block rounded-lg px-4 py-2 text-center text-sm font-medium text-white"
            >
              Open over mobile data
            </a>
          </li>
        ))}
      </ul>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Number rules (tru.ID)</summary>
        <ul className="mt-2 space-y-1 text-slate-700">
          {truidRuleDescriptions.map((rule) => (
            <li key={rule.suffix}>
              Ending in <code className="font-mono">{rule.suffix}</code>: {rule.text}
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}
