"use client";

import { SimulatedPhoneLink, StartAgainLink } from "@/components/shared-links";
import { Countdown } from "@/components/countdown";
import { useVerification } from "@/components/status-shell";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { OpenTruecallerButton, UseThisPhoneButton, useIsAndroid } from "./deep-link-buttons";
import { Alert, Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import type { TruecallerDto } from "./details";

type VerificationDto = TruecallerDto;

// The Truecaller method in the status view: "check your phone" while Truecaller asks the
// person, their name once it is done, and for every other ending why, with a way out.

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

function PushWaiting({ verification }: { verification: VerificationDto }) {
  const android = useIsAndroid();
  return (
    <Card className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Check your phone</h1>
        <p className="text-slate-600">
          Truecaller is asking for your approval on{" "}
          <span className="font-medium text-slate-900">{verification.phoneDisplay}</span>. Open the
          Truecaller app and tap <span className="font-medium">Continue</span>.
        </p>
      </div>
      <Waiting verification={verification} label="Waiting for your approval…" />
      {android && <UseThisPhoneButton phone={verification.phone} />}
      <SmsInstead phone={verification.phone} />
    </Card>
  );
}

function DeepLinkWaiting({ verification }: { verification: VerificationDto }) {
  const details = verification.truecaller;
  return (
    <Card className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Continue in Truecaller</h1>
        <p className="text-slate-600">
          Truecaller opens on this phone and asks you to share{" "}
          <span className="font-medium text-slate-900">{verification.phoneDisplay}</span>.
        </p>
      </div>
      {details.deepLink && (
        <OpenTruecallerButton
          link={details.deepLink}
          sandbox={details.sandbox}
          phone={verification.phone}
        />
      )}
      <Waiting verification={verification} label="Waiting for Truecaller…" />
      <SmsInstead phone={verification.phone} />
    </Card>
  );
}

function Waiting({ verification, label }: { verification: VerificationDto; label: string }) {
  const sandbox = verification.truecaller.sandbox;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between text-sm text-slate-700">
        <Spinner label={label} />
        <Countdown until={verification.expiresAt} timed={verification} label="Expires in" />
      </div>
      {sandbox && (
        <p className="text-xs text-slate-500">
          Sandbox: the prompt shows on the <SimulatedPhoneLink phone={verification.phone} />.
        </p>
      )}
    </div>
  );
}

function Ended({ verification }: { verification: VerificationDto }) {
  const ending = verification.message;
  return (
    <Card className="space-y-4">
      <h1 className="text-xl font-semibold">{ending?.title}</h1>
      <Alert tone="info">
        {ending?.text} <span className="whitespace-nowrap">({verification.phoneDisplay})</span>
      </Alert>
      <SwitchMethodButton phone={verification.phone} method="sms">
        Send me a code by SMS instead
      </SwitchMethodButton>
      {ending?.retry && (
        <SwitchMethodButton phone={verification.phone} method="truecaller" variant="secondary">
          Ask Truecaller again
        </SwitchMethodButton>
      )}
      <StartAgainLink />
    </Card>
  );
}

function SmsInstead({ phone }: { phone: string }) {
  return (
    <SwitchMethodButton phone={phone} method="sms" variant="secondary">
      Send me a code by SMS instead
    </SwitchMethodButton>
  );
}
