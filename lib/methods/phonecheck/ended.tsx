"use client";

import { StartAgainLink } from "@/components/shared-links";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { Alert, Card } from "@/components/ui";
import type { PhoneCheckDto } from "./details";

// How a PhoneCheck that did not verify the number ends: why, in words, and the way on — SMS
// first, a new check when one may work.

export function PhoneCheckEnded({ verification }: { verification: PhoneCheckDto }) {
  const details = verification.phonecheck;
  const wait = details.retryAfterSeconds;
  return (
    <Card className="space-y-4">
      <h1 className="text-xl font-semibold">{verification.message?.title}</h1>
      {verification.message && (
        <Alert tone="info">
          {verification.message.text}{" "}
          <span className="whitespace-nowrap">({verification.phoneDisplay})</span>
        </Alert>
      )}
      {wait !== null && <p className="text-sm text-slate-600">You can try again in {wait} s.</p>}
      <SwitchMethodButton phone={verification.phone} method="sms">
        Send me a code by SMS instead
      </SwitchMethodButton>
      {details.retryable && (
        <SwitchMethodButton phone={verification.phone} method="phonecheck" variant="secondary">
          Try the mobile data check again
        </SwitchMethodButton>
      )}
      <StartAgainLink />
    </Card>
  );
}
