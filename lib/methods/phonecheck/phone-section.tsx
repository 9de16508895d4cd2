"use client";

import { Countdown } from "@/components/countdown";
import { useI18n } from "@/components/i18n";
import { NumberRules } from "@/components/number-rules";
import {
  PhoneSectionCard,
  usePhoneFeed,
  useReportNewest,
} from "@/components/simulated-phone-number";
import { ButtonLink } from "@/components/ui";
import type { PendingCheck } from "@/lib/methods/phonecheck/emulator/phone";
import { NetworkSwitch } from "./network-switch";

// tru.ID on the simulated phone: the PhoneChecks open for this number. "Open over mobile data"
// does what scanning the laptop's QR code does; the tru.ID emulator takes every request as coming
// over mobile data, unless a number rule says otherwise. The connection switch sets what tru.ID's
// coverage lookup says of this machine's address, which decides whether the app asks for Wi-Fi off.

type Answer = { checks: PendingCheck[]; serverTime: string };

export function PhoneCheckPhoneSection() {
  const { t, format } = useI18n();
  const { query } = usePhoneFeed<Answer>("phonecheck", "/api/sandbox/tru-id/simulator/checks");
  const checks = query.data?.checks ?? [];
  useReportNewest(checks.map((check) => check.createdAt));
  // Countdowns run on the server's clock: when the server wrote the answer, and when it came.
  const timed = { serverTime: query.data?.serverTime ?? "", receivedAt: query.dataUpdatedAt };
  return (
    <PhoneSectionCard
      title={t.sandbox.checks}
      query={query}
      empty={checks.length === 0 ? t.sandbox.noChecks : undefined}
    >
      <ul className="space-y-3" aria-label={t.sandbox.checkList}>
        {checks.map((check) => (
          <li
            key={check.checkId}
            className="space-y-3 rounded-xl bg-slate-100 p-4"
            data-testid="phonecheck-check"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-700">
              <span>
                {format(t.sandbox.check, {
                  version: check.version,
                  status: check.status.toLowerCase(),
                })}
              </span>
              <Countdown until={check.expiresAt} timed={timed} />
            </div>
            <ButtonLink href={check.openUrl}>{t.sandbox.openOverData}</ButtonLink>
          </li>
        ))}
      </ul>
      <NetworkSwitch />
      <NumberRules provider="tru.ID" rules={t.sandbox.phonecheckRules} />
    </PhoneSectionCard>
  );
}
