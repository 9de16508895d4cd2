"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { formatSeconds, useSecondsLeft } from "@/components/countdown";
import { useAnnounce } from "@/components/announcer";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { useVerification } from "@/components/status-shell";
import { Alert, Button } from "@/components/ui";
import { ApiFailure, runStep, verificationOf } from "@/lib/api-client";
import { isMethodDto } from "@/lib/core/dto";
import type { Notice } from "./code-form";

/**
 * A new code, once the cooldown allows: the button counts down until then. `primary` where it is
 * the way on (no code to type). `ended`: on a screen with no code to type, in its words ("Send me
 * a new code"), primary or not; by default only where primary. `onNotice` takes what it has to say (the code form's one
 * message at a time); without it, it says it below itself. Once no more codes can be sent, it
 * says so in their place (unless `saidNoMore`).
 */
export function ResendButton({
  primary = false,
  ended = primary,
  onNotice,
  saidNoMore = false,
}: {
  primary?: boolean;
  ended?: boolean;
  onNotice?: (notice: Notice) => void;
  /** A notice on screen says already that no more codes can be sent: not said twice. */
  saidNoMore?: boolean;
}) {
  const { verification, refresh } = useVerification("sms");
  const { t, format } = useI18n();
  const announce = useAnnounce();
  const failureText = useFailureText();
  const sms = verification.sms;
  // A 429 (a budget of the number or the network, the provider busy) says when to ask again:
  // until then the button counts down as it does for the cooldown, rather than invite clicks
  // that each get the same refusal.
  const [refusedUntil, setRefusedUntil] = useState<{
    until: string;
    serverTime: string;
    receivedAt: number;
  }>();
  const cooldownLeft = useSecondsLeft(sms.resendAvailableAt, verification);
  const refusedLeft = useSecondsLeft(refusedUntil?.until ?? null, refusedUntil ?? verification);
  const left = Math.max(cooldownLeft ?? 0, refusedLeft ?? 0);
  const resend = useMutation({
    mutationFn: () => runStep(verification.id, "resend"),
    onSuccess: ({ verification: next }) => {
      // The last code the verification may send says so in the same words: one notice.
      const last = isMethodDto(next, "sms") && next.sms.resendAvailableAt === null;
      onNotice?.({ tone: "success", last });
      announce(last ? t.sms.resentLast : t.sms.resent);
    },
    onError: (error) => {
      // A send that failed still made a new code: the panel shows why from the status.
      if (verificationOf(error)) return;
      const retryAfter = error instanceof ApiFailure ? error.details.retryAfter : undefined;
      if (typeof retryAfter === "number") {
        const at = Date.now();
        setRefusedUntil({
          until: new Date(at + retryAfter * 1000).toISOString(),
          serverTime: new Date(at).toISOString(),
          receivedAt: at,
        });
      }
      onNotice?.({ tone: "error", error });
      announce(failureText(error));
    },
    onSettled: refresh,
  });
  if (sms.resendAvailableAt === null) {
    return saidNoMore ? null : <p className="text-sm text-slate-600">{t.sms.noMoreCodes}</p>;
  }
  const waiting = left > 0;
  return (
    <div className="space-y-2">
      <Button
        // Waiting, a secondary resend is quiet words (still a button the keyboard reaches, its
        // name counting down), not a grey block beside the primary action.
        variant={primary ? "primary" : waiting ? "quiet" : "secondary"}
        className="tabular-nums"
        pending={resend.isPending}
        disabled={waiting}
        onClick={() => resend.mutate()}
      >
        {resend.isPending
          ? t.sms.resending
          : waiting
            ? format(t.sms.resendIn, { time: formatSeconds(left) })
            : ended
              ? // The way on where the code ended: the words of every ended screen's button.
                t.sms.newCode
              : t.sms.resend}
      </Button>
      {!onNotice && resend.isError && !verificationOf(resend.error) && (
        <Alert quiet>{failureText(resend.error)}</Alert>
      )}
    </div>
  );
}
