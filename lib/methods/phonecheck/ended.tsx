"use client";

import { formatSeconds, useSecondsLeft } from "@/components/countdown";
import { EndedCard } from "@/components/ended-card";
import { useI18n } from "@/components/i18n";
import type { PhoneCheckDto } from "./details";

// How a PhoneCheck that did not verify the number ends: why, in words, and the way on — another
// method first, a new check when one may work (the core's `message.retry`). Where tru.ID said
// when (busy: `retryAt`), the new check's button counts down to it and waits.

export function PhoneCheckEnded({ verification }: { verification: PhoneCheckDto }) {
  const { t, format } = useI18n();
  const details = verification.phonecheck;
  const left = useSecondsLeft(details.retryAt, verification);
  const waiting = left !== null && left > 0;
  return (
    <EndedCard
      key={verification.reason ?? verification.status}
      verification={verification}
      sandbox={details.sandbox}
      again={
        waiting
          ? format(t.phonecheck.tryAgainIn, { time: formatSeconds(left) })
          : t.phonecheck.tryAgain
      }
      againDisabled={waiting}
      // Its two minutes ran out before the phone opened it: most often the person needed longer
      // (Wi-Fi to turn off, a camera to find), and a new check is the way on, before another method.
      againFirst={verification.reason === "timed_out"}
    />
  );
}
