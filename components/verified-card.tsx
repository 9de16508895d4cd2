"use client";

import type { VerificationDto } from "@/lib/core/dto";
import { useI18n } from "./i18n";
import { SuccessMark } from "./success-mark";
import { PhoneNumber } from "./phone-number";
import { Rich } from "./rich";
import { StateHeading } from "./state-heading";
import { ReturnToApp } from "./session/return-to-app";
import { useSessionLink, useSuccessUrl } from "./status-shell";
import { ButtonLink, Card } from "./ui";

/**
 * The success page every method ends on: what happened (the number, the method, the browser
 * now signed in with it) and what comes next: back to the session's app, the app's
 * SUCCESS_URL, or another number.
 */
export function VerifiedCard({ verification }: { verification: VerificationDto }) {
  const { t, format } = useI18n();
  const successUrl = useSuccessUrl();
  const session = useSessionLink();
  const how = t.methods[verification.method].verifiedBy;
  return (
    <Card className="space-y-5 text-center">
      <SuccessMark />
      <div className="space-y-2">
        <StateHeading className="text-2xl font-semibold tracking-tight text-slate-950">
          {verification.displayName
            ? format(t.verified.welcome, { name: verification.displayName })
            : t.verified.title}
        </StateHeading>
        <p className="text-slate-600">
          <Rich
            text={t.verified.text}
            values={{
              phone: <PhoneNumber value={verification.phoneDisplay} testId="verified-phone" />,
              how,
            }}
          />
          {/* Our own sign-in means nothing to a person an app sent: the app is where they go. */}
          {!session && ` ${t.verified.signedIn}`}
        </p>
      </div>
      {session ? (
        <ReturnToApp sessionId={session.id} host={session.host} />
      ) : successUrl ? (
        <div className="space-y-2">
          <ButtonLink href={successUrl} data-testid="continue">
            {t.verified.continue}
          </ButtonLink>
          <ButtonLink href="/" variant="secondary">
            {t.verified.another}
          </ButtonLink>
        </div>
      ) : (
        <div className="space-y-3">
          <ButtonLink href="/">{t.verified.another}</ButtonLink>
          <p className="text-sm text-slate-600">{t.verified.close}</p>
        </div>
      )}
    </Card>
  );
}
