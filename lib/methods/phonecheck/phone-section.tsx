"use client";

import { Countdown } from "@/components/countdown";
import { useI18n } from "@/components/i18n";
import { NumberRules } from "@/components/number-rules";
import { PhoneFeedSection, type PhoneFeed } from "@/components/simulated-phone-number";
import { ButtonLink } from "@/components/ui";
import type { PendingCheck } from "@/lib/methods/phonecheck/emulator/phone";
import { NetworkSwitch } from "./network-switch";

// tru.ID on the simulated phone: the PhoneChecks open for this number. "Open the mobile data check"
// does what scanning the laptop's QR code does; the tru.ID emulator takes every request as coming
// over mobile data, unless a number rule says otherwise. The connection switch sets what tru.ID's
// coverage lookup says of this machine's address, which decides whether the app asks for Wi-Fi off.

type Answer = { checks: PendingCheck[]; serverTime: string };

const checks: PhoneFeed<Answer, PendingCheck> = {
  name: "phonecheck",
  words: { title: "checks", empty: "noChecks", label: "checkList" },
  path: "/api/sandbox/tru-id/simulator/checks",
  items: (answer) => answer.checks,
  arrivedAt: (check) => check.createdAt,
};

export function PhoneCheckPhoneSection() {
  const { t, format } = useI18n();
  return (
    <PhoneFeedSection
      feed={checks}
      item={(check, { answer, receivedAt }) => (
        <li
          key={check.checkId}
          className="space-y-3 rounded-xl bg-slate-100 p-4"
          data-testid="phonecheck-check"
        >
          {/* Where the check is, for a person: the protocol's version is no concern of theirs. */}
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm text-slate-700">
            <span className="font-medium">
              {format(t.sandbox.check, { status: t.sandbox.checkStatus[check.status] })}
            </span>
            {/* On the server's clock: when the server wrote the answer, and when it came. */}
            <Countdown
              until={check.expiresAt}
              timed={{ serverTime: answer.serverTime, receivedAt }}
            />
          </div>
          <ButtonLink href={check.openUrl}>{t.sandbox.openOverData}</ButtonLink>
        </li>
      )}
    >
      <NetworkSwitch />
      <NumberRules provider="tru.ID" rules={t.sandbox.phonecheckRules} />
    </PhoneFeedSection>
  );
}
