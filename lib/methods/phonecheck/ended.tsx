"use client";

import { EndedCard } from "@/components/ended-card";
import { useI18n } from "@/components/i18n";
import type { PhoneCheckDto } from "./details";

// How a PhoneCheck that did not verify the number ends: why, in words, and the way on — another
// method first, a new check when one may work (the core's `message.retry`).

export function PhoneCheckEnded({ verification }: { verification: PhoneCheckDto }) {
  const { t, format } = useI18n();
  const details = verification.phonecheck;
  const wait = details.retryAfterSeconds;
  return (
    <EndedCard
      key={verification.reason ?? verification.status}
      verification={verification}
      sandbox={details.sandbox}
      note={
        wait !== null && (
          <p className="text-sm text-slate-600">
            {format(t.phonecheck.tryAgainIn, { seconds: wait })}
          </p>
        )
      }
      again={t.phonecheck.tryAgain}
    />
  );
}
