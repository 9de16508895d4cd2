"use client";

import { PhoneSectionCard, usePhoneFeed } from "@/components/simulated-phone-number";
import { NumberRules } from "@/components/number-rules";
import { Countdown } from "@/components/countdown";
import type { PendingCheck } from "@/lib/methods/phonecheck/emulator/phone";
import { truidRuleDescriptions } from "@/lib/methods/phonecheck/emulator/rules";

// tru.ID on the simulated phone: the PhoneChecks open for this number. "Open over mobile data"
// does what scanning the laptop's QR code does; the tru.ID emulator takes every request as coming
// over mobile data, unless a number rule says otherwise.

type Answer = { checks: PendingCheck[]; serverTime: string };

export function PhoneCheckPhoneSection() {
  const { query } = usePhoneFeed<Answer>("phonecheck", "/api/sandbox/tru-id/simulator/checks");
  const checks = query.data?.checks ?? [];
  // Countdowns run on the server's clock: when the server wrote the answer, and when it came.
  const timed = { serverTime: query.data?.serverTime ?? "", receivedAt: query.dataUpdatedAt };
  return (
    <PhoneSectionCard
      title="Mobile data checks (tru.ID)"
      query={query}
      empty={checks.length === 0 ? "No mobile data check waiting." : undefined}
    >
      <ul className="space-y-3" aria-label="Mobile data checks">
        {checks.map((check) => (
          <li
            key={check.checkId}
            className="space-y-2 rounded-xl bg-slate-100 p-4"
            data-testid="phonecheck-check"
          >
            <div className="flex items-baseline justify-between text-xs text-slate-500">
              <span>
                PhoneCheck {check.version} · {check.status.toLowerCase()}
              </span>
              <Countdown until={check.expiresAt} timed={timed} label="Expires in" />
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
      <NumberRules provider="tru.ID" rules={truidRuleDescriptions} />
    </PhoneSectionCard>
  );
}
