"use client";

import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { StartAgainLink } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { OtherMethods, SwitchMethodButton } from "@/components/switch-method-button";
import { Card } from "@/components/ui";
import type { PhoneCheckDto } from "./details";

// How a PhoneCheck that did not verify the number ends: why, in words, and the way on — another
// method first, a new check when one may work.

export function PhoneCheckEnded({ verification }: { verification: PhoneCheckDto }) {
  const { t, format } = useI18n();
  const details = verification.phonecheck;
  const wait = details.retryAfterSeconds;
  return (
    <Card className="space-y-5" key={verification.reason ?? verification.status}>
      <div className="space-y-2">
        <StateHeading>{verification.message?.title}</StateHeading>
        <p className="text-slate-600">
          {verification.message?.text} (<PhoneNumber value={verification.phoneDisplay} />)
        </p>
        {wait !== null && (
          <p className="text-sm text-slate-600">
            {format(t.phonecheck.tryAgainIn, { seconds: wait })}
          </p>
        )}
      </div>
      <div className="space-y-2">
        <OtherMethods phone={verification.phone} primary />
        {details.retryable && (
          <SwitchMethodButton phone={verification.phone} method="phonecheck" variant="secondary">
            {t.phonecheck.tryAgain}
          </SwitchMethodButton>
        )}
      </div>
      <StartAgainLink />
    </Card>
  );
}
