"use client";

import { Countdown } from "@/components/countdown";
import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { SimulatedPhoneNote, StartAgainLink } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { useVerification } from "@/components/status-shell";
import { OtherMethods, SwitchMethodButton } from "@/components/switch-method-button";
import { Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import { OpenTruecallerButton, UseThisPhoneButton, useIsAndroid } from "./deep-link-buttons";
import type { TruecallerDto } from "./details";

// The Truecaller method in the status view: "check your phone" while Truecaller asks the
// person, their name once it is done, and for every other ending why, with a way out. The
// person taps Continue in Truecaller: the words here and on the simulated phone say so.

export function TruecallerPanel() {
  const { verification } = useVerification<TruecallerDto>("truecaller");
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;
  if (verification.status !== "pending") return <Ended verification={verification} />;
  return verification.truecaller.flow === "deeplink" ? (
    <DeepLinkWaiting verification={verification} />
  ) : (
    <PushWaiting verification={verification} />
  );
}

function PushWaiting({ verification }: { verification: TruecallerDto }) {
  const { t } = useI18n();
  const android = useIsAndroid();
  return (
    <Card className="space-y-6" key="push">
      <div className="space-y-2">
        <StateHeading>{t.truecaller.checkPhone}</StateHeading>
        <p className="text-slate-600">
          <Rich
            text={t.truecaller.askingOn}
            values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
          />
        </p>
      </div>
      <Waiting verification={verification} label={t.truecaller.waitingApproval} />
      <div className="space-y-2">
        {android && <UseThisPhoneButton phone={verification.phone} />}
        <OtherMethods phone={verification.phone} />
      </div>
      <StartAgainLink />
    </Card>
  );
}

function DeepLinkWaiting({ verification }: { verification: TruecallerDto }) {
  const { t } = useI18n();
  const details = verification.truecaller;
  return (
    <Card className="space-y-6" key="deeplink">
      <div className="space-y-2">
        <StateHeading>{t.truecaller.continueTitle}</StateHeading>
        <p className="text-slate-600">
          <Rich
            text={t.truecaller.opensHere}
            values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
          />
        </p>
      </div>
      {details.deepLink && (
        <OpenTruecallerButton
          link={details.deepLink}
          sandbox={details.sandbox}
          phone={verification.phone}
        />
      )}
      <Waiting verification={verification} label={t.truecaller.waiting} />
      <div className="space-y-2">
        <OtherMethods phone={verification.phone} />
      </div>
    </Card>
  );
}

function Waiting({ verification, label }: { verification: TruecallerDto; label: string }) {
  const { t } = useI18n();
  return (
    <div className="space-y-3 rounded-xl bg-slate-50 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
        <Spinner label={label} />
        <Countdown until={verification.expiresAt} timed={verification} />
      </div>
      {verification.truecaller.sandbox && (
        <SimulatedPhoneNote phone={verification.phone} text={t.truecaller.sandbox} />
      )}
    </div>
  );
}

function Ended({ verification }: { verification: TruecallerDto }) {
  const { t } = useI18n();
  const ending = verification.message;
  return (
    <Card className="space-y-5" key={verification.reason ?? verification.status}>
      <div className="space-y-2">
        <StateHeading>{ending?.title}</StateHeading>
        <p className="text-slate-600">
          {ending?.text} (<PhoneNumber value={verification.phoneDisplay} />)
        </p>
      </div>
      <div className="space-y-2">
        <OtherMethods phone={verification.phone} primary />
        {ending?.retry && (
          <SwitchMethodButton phone={verification.phone} method="truecaller" variant="secondary">
            {t.truecaller.askAgain}
          </SwitchMethodButton>
        )}
      </div>
      <StartAgainLink />
    </Card>
  );
}
