"use client";

import { SimulatedPhoneLink } from "@/components/shared-links";
import { useQuery } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useState, useSyncExternalStore } from "react";
import { Countdown } from "@/components/countdown";
import { useVerification } from "@/components/status-shell";
import { PhoneCheckEnded } from "./ended";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { Alert, Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import type { PhoneCheckDto } from "./details";
import type { PhoneCheckDetails } from "./details";

// The PhoneCheck method in the status view. On a phone: turn off Wi-Fi, open the check, see the
// result here. On a computer: a QR code (and the link) that opens the check on the phone; this
// page turns to verified by itself when the phone is done (the status view keeps polling).

type Props = { verification: PhoneCheckDto; details: PhoneCheckDetails };

export function PhoneCheckPanel() {
  const { verification } = useVerification<PhoneCheckDto>("phonecheck");
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;
  if (verification.status !== "pending") return <PhoneCheckEnded verification={verification} />;
  return <Pending verification={verification} details={verification.phonecheck} />;
}

function Pending({ verification, details }: Props) {
  const phone = useIsPhone();
  const [choice, setChoice] = useState<"this" | "other">();
  const here = choice ? choice === "this" : phone;
  if (!details.openUrl) {
    return (
      <Card>
        <Spinner label="Starting the check…" />
      </Card>
    );
  }
  return (
    <Card className="space-y-5">
      {here ? (
        <OnThisPhone verification={verification} details={details} />
      ) : (
        <OnAnotherPhone verification={verification} details={details} />
      )}
      <div className="flex items-center justify-between text-sm text-slate-700">
        <Spinner label={details.phoneOpened ? "Your phone opened the check…" : "Waiting…"} />
        <Countdown until={verification.expiresAt} timed={verification} label="Expires in" />
      </div>
      <button
        type="button"
        onClick={() => setChoice(here ? "other" : "this")}
        className="text-brand-600 text-sm font-medium underline"
      >
        {here ? "Use another phone (show a QR code)" : "I'm on the phone with this number"}
      </button>
      <SwitchMethodButton phone={verification.phone} method="sms" variant="secondary">
        Send me a code by SMS instead
      </SwitchMethodButton>
    </Card>
  );
}

function OnThisPhone({ verification, details }: Props) {
  // v0.1's journey ends on the operator's page: open it beside this one, which shows the result.
  const newTab = details.version === "v0.1";
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">Confirm with your mobile operator</h1>
        <p className="text-slate-600">
          Your operator confirms that this phone holds the SIM of{" "}
          <span className="font-medium text-slate-900">{verification.phoneDisplay}</span>. No code
          to type.
        </p>
      </div>
      <Alert tone="info">
        The check runs over <strong>mobile data</strong>: turn off Wi-Fi first, then open it.
      </Alert>
      <a
        href={details.openUrl!}
        target={newTab ? "_blank" : undefined}
        rel="noreferrer"
        className="bg-brand-600 hover:bg-brand-700 block rounded-lg px-4 py-2.5 text-center text-sm font-medium text-white"
      >
        Open the check
      </a>
    </>
  );
}

function OnAnotherPhone({ verification, details }: Props) {
  const link = details.openUrl!;
  const qr = useQuery({
    queryKey: ["qr", link],
    queryFn: () => QRCode.toDataURL(link, { margin: 1, width: 240, errorCorrectionLevel: "M" }),
    staleTime: Infinity,
  });
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">Scan with your phone</h1>
        <p className="text-slate-600">
          On the phone with{" "}
          <span className="font-medium text-slate-900">{verification.phoneDisplay}</span>, turn off
          Wi-Fi, then scan this code. Your operator confirms the SIM over mobile data.
        </p>
      </div>
      <div className="flex justify-center">
        {qr.data ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise
          <img
            src={qr.data}
            width={240}
            height={240}
            alt="QR code that opens the check on your phone"
            data-testid="phonecheck-qr"
          />
        ) : (
          <div className="flex size-60 items-center justify-center">
            <Spinner
              label={qr.isError ? "The QR code could not be drawn" : "Drawing the QR code…"}
            />
          </div>
        )}
      </div>
      <p className="text-sm text-slate-600">
        Or open this link on the phone:{" "}
        <a
          href={link}
          className="font-mono text-xs break-all underline"
          data-testid="phonecheck-link"
        >
          {link}
        </a>
      </p>
      {details.phoneOpened && (
        <Alert tone="info">Your phone opened the check. The result shows here in a moment.</Alert>
      )}
      {details.sandbox && (
        <p className="text-xs text-slate-500">
          Sandbox: the check is listed on the <SimulatedPhoneLink phone={verification.phone} />.
        </p>
      )}
    </>
  );
}

const noSubscription = () => () => undefined;

/** A phone (or tablet) browser, where the check can run right here. */
function useIsPhone(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => {
      const hints = (navigator as Navigator & { userAgentData?: { mobile?: boolean } })
        .userAgentData;
      return hints?.mobile ?? /Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent);
    },
    () => false,
  );
}
