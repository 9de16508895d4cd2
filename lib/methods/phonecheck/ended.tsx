"use client";

import { StartAgainLink } from "@/components/shared-links";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { Alert, Card } from "@/components/ui";
import type { VerificationDto } from "@/lib/core/dto";
import type { PhoneCheckDetails } from "./details";

// How a PhoneCheck that did not verify the number ends: why, in words, and the way on — SMS
// first, a new check when one may work.

function title(verification: VerificationDto): string {
  if (verification.status === "expired") return "The check expired";
  if (verification.reason === "no_match") return "No match for this number";
  if (verification.reason === "not_mobile_ip") return "The check did not run over mobile data";
  return "The mobile data check did not work";
}

export function PhoneCheckEnded({
  verification,
  details,
}: {
  verification: VerificationDto;
  details: PhoneCheckDetails;
}) {
  const wait = details.retryAfterSeconds;
  return (
    <Card className="space-y-4">
      <h1 className="text-xl font-semibold">{title(verification)}</h1>
      {details.message && (
        <Alert tone="info">
          {details.message} <span className="whitespace-nowrap">({verification.phoneDisplay})</span>
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
