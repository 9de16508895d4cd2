"use client";

import { SimulatedPhoneLink, StartAgainLink } from "@/components/shared-links";
import { Countdown } from "@/components/countdown";
import type { MethodPanelProps } from "@/components/method-panel-props";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { OpenTruecallerButton, UseThisPhoneButton, useIsAndroid } from "./deep-link-buttons";
import { Alert, Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import type { VerificationDto } from "@/lib/core/dto";
import type { TruecallerDetails } from "./details";

// The Truecaller method in the status view: "check your phone" while Truecaller asks the
// person, their name once it is done, and for every other ending why, with a way out.

export function TruecallerPanel({ verification }: MethodPanelProps) {
  const details = verification.truecaller as TruecallerDetails | undefined;
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;
  if (!details) return null;
  if (verification.status !== "pending") return <Ended verification={verification} />;
  return details.flow === "deeplink" ? (
    <DeepLinkWaiting verification={verification} details={details} />
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

function DeepLinkWaiting({
  verification,
  details,
}: {
  verification: VerificationDto;
  details: TruecallerDetails;
}) {
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
  const sandbox = (verification.truecaller as TruecallerDetails | undefined)?.sandbox;
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

const endings: Record<string, { title: string; text: string; retry: boolean }> = {
  not_truecaller_user: {
    title: "This number is not on Truecaller",
    text: "There is no Truecaller account for this number, so Truecaller cannot confirm it.",
    retry: false,
  },
  user_rejected: {
    title: "You declined in Truecaller",
    text: "The request was declined on the phone, so the number is not verified.",
    retry: true,
  },
  use_another_number: {
    title: "You chose to use another number",
    text: "Start again with the other number, or verify this one with a code by SMS.",
    retry: false,
  },
  profile_mismatch: {
    title: "Truecaller answered for a different number",
    text: "The Truecaller account that approved belongs to another number, so this one is not verified.",
    retry: false,
  },
  timed_out: {
    title: "The request timed out",
    text: "Truecaller did not hear back from the phone in time.",
    retry: true,
  },
};

const fallback = {
  title: "Truecaller could not confirm your number",
  text: "Something went wrong between us and Truecaller. Try again, or get a code by SMS.",
  retry: true,
};

function Ended({ verification }: { verification: VerificationDto }) {
  const ending = endings[verification.reason ?? ""] ?? fallback;
  return (
    <Card className="space-y-4">
      <h1 className="text-xl font-semibold">{ending.title}</h1>
      <Alert tone="info">
        {ending.text} <span className="whitespace-nowrap">({verification.phoneDisplay})</span>
      </Alert>
      <SwitchMethodButton phone={verification.phone} method="sms">
        Send me a code by SMS instead
      </SwitchMethodButton>
      {ending.retry && (
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
