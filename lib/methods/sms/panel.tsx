"use client";

import { useState } from "react";
import { EndedCard } from "@/components/ended-card";
import { endingText } from "@/components/ending-text";
import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { SimulatedPhoneNote, StartAgainLink } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { useOtherMethods, useSessionLink, useVerification } from "@/components/status-shell";
import { OtherMethods, SwitchMethodButton } from "@/components/switch-method-button";
import { Alert, Card } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import { CodeForm, type Notice } from "./code-form";
import { ResendButton } from "./resend-button";

/** The SMS method in the status view: the code form, resend, and every ending. */
export function SmsPanel() {
  const { verification } = useVerification("sms");
  const othersOffered = useOtherMethods().length > 0;
  const { t } = useI18n();
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;

  // Locked, expired, or the SMS never went out: why, and the way on; no code to type.
  if (verification.status !== "pending" || verification.sms.lastSendFailed) {
    const locked = verification.status === "locked";
    const noMoreSends = verification.sms.resendAvailableAt === null;
    const sendFailed = verification.status === "pending" && verification.sms.lastSendFailed;
    return (
      <EndedCard
        key={verification.status}
        verification={verification}
        sandbox={verification.sms.sandbox}
      >
        {/* Nothing more can happen in an ended session: its app is the way on. */}
        {verification.message?.retry !== false &&
          (sendFailed && verification.reason === "send_refused" && othersOffered ? (
            // The provider refused the number (it may not take texts): another method is the
            // likelier way on, so it comes first; a resend stays for a passing failure. Where the
            // provider itself failed, a new code in a moment is the way on (below).
            <>
              <OtherMethods phone={verification.phone} primary />
              <ResendButton ended />
            </>
          ) : !locked && noMoreSends && othersOffered ? (
            // No code left to send for this verification: it says so, and another method
            // is the way on.
            <>
              <ResendButton primary />
              <OtherMethods phone={verification.phone} primary />
            </>
          ) : (
            <>
              {locked ? (
                <SwitchMethodButton phone={verification.phone} method="sms">
                  {t.sms.newCode}
                </SwitchMethodButton>
              ) : (
                <ResendButton primary />
              )}
              <OtherMethods phone={verification.phone} secondary />
            </>
          ))}
      </EndedCard>
    );
  }
  return <EnterCode />;
}

function EnterCode() {
  const { verification } = useVerification("sms");
  const session = useSessionLink();
  const { t } = useI18n();
  // One message at a time: the latest of a resend's "on its way" and a check's error.
  const [notice, setNotice] = useState<Notice>();
  const [resent, setResent] = useState(false);
  const othersOffered = useOtherMethods().length > 0;
  const noMore = verification.sms.resendAvailableAt === null;
  const unconfirmed = verification.reason === "send_unconfirmed" ? verification.message : null;
  return (
    <Card className="space-y-6">
      <div className="space-y-2">
        <StateHeading>
          <span id="sms-code-title">{t.sms.title}</span>
        </StateHeading>
        {/* The provider did not say whether it sent the SMS: not "we sent", but what was
            asked for (the number to check, the digits to expect), and what may be. */}
        <p className="text-slate-600">
          <Rich
            text={unconfirmed ? t.sms.sentUnconfirmed : t.sms.sent}
            values={{
              length: verification.sms.codeLength,
              phone: <PhoneNumber value={verification.phoneDisplay} />,
            }}
          />
        </p>
        {unconfirmed && (
          <Alert tone="info" quiet>
            <strong className="font-semibold">{unconfirmed.title}.</strong>{" "}
            {endingText(unconfirmed, { phoneFixed: session?.phoneFixed, othersOffered })}
          </Alert>
        )}
      </div>
      <CodeForm
        // A new code (a resend) is a new form: the old digits and error go with the old code.
        // (Keyed by the sends left, not the code's expiry, which a session may cap.)
        key={verification.sms.sendsLeft}
        focusFirst={resent}
        notice={notice}
        onNotice={setNotice}
      />
      {/* Nothing at all where nothing is left to say (no empty gap in the card). */}
      {!(noMore && notice?.last) && (
        <ResendButton
          saidNoMore={notice?.last}
          onNotice={(next) => {
            if (next.tone === "success") setResent(true);
            setNotice(next);
          }}
        />
      )}
      {verification.sms.sandbox && (
        <SimulatedPhoneNote phone={verification.phone} text={t.sms.sandbox} />
      )}
      {/* No SMS, or no wish to wait for one: the other ways in one tap, as every method's
          waiting screen offers them; the code to type stays the way on. */}
      {othersOffered && (
        <div className="space-y-2">
          <OtherMethods phone={verification.phone} />
        </div>
      )}
      {othersOffered ? (
        <StartAgainLink othersShown />
      ) : (
        <p className="text-sm text-slate-600">
          {session ? t.sms.noSms : t.sms.wrongNumber}{" "}
          <StartAgainLink inline text={session ? t.session.chooseAgain : t.common.startAgain} />
        </p>
      )}
    </Card>
  );
}
