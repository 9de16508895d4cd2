"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import { Countdown } from "@/components/countdown";
import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { SimulatedPhoneNote, StartAgainLink } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { useVerification } from "@/components/status-shell";
import { OtherMethods } from "@/components/switch-method-button";
import { Alert, Button, ButtonLink, Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import { apiFetch } from "@/lib/api-client";
import type { Coverage } from "./coverage";
import type { PhoneCheckDto } from "./details";
import { PhoneCheckEnded } from "./ended";
import { QrView, WaitingBox } from "./qr-view";

// The PhoneCheck method in the status view. On a phone: open the check (turning off Wi-Fi first
// unless tru.ID says the phone is on a mobile network already), see the result here. On a
// computer: a QR code (and a link to copy) that opens the check on the phone; this page turns to
// verified by itself when the phone is done (the status view keeps polling).

export function PhoneCheckPanel() {
  const { verification } = useVerification("phonecheck");
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;
  if (verification.status !== "pending") return <PhoneCheckEnded verification={verification} />;
  return <Pending verification={verification} />;
}

function Pending({ verification }: { verification: PhoneCheckDto }) {
  const { t } = useI18n();
  const details = verification.phonecheck;
  const phone = useIsPhone();
  const [choice, setChoice] = useState<"this" | "other">();
  const here = choice ? choice === "this" : phone;
  if (!details.openUrl) {
    return (
      <Card>
        <Spinner label={t.phonecheck.starting} />
      </Card>
    );
  }
  // Once the phone has opened the check, there is nothing more to scan or open: only the wait.
  const view = details.phoneOpened ? "opened" : here ? "here" : "qr";
  return (
    <Card className="space-y-6" key={view}>
      {view === "opened" ? (
        <PhoneOpened verification={verification} />
      ) : view === "here" ? (
        <OnThisDevice verification={verification} link={details.openUrl} phone={phone} />
      ) : (
        <QrView verification={verification} link={details.openUrl} />
      )}
      <div className="space-y-2">
        {view !== "opened" && (
          // Offered on a computer too: a laptop may hold a SIM, and an iPad's Safari or a
          // phone's "desktop site" says it is a computer. Worded for the computer it most
          // likely is, whose words then speak of this device, not of a phone.
          <Button variant="secondary" onClick={() => setChoice(here ? "other" : "this")}>
            {here
              ? t.phonecheck.useAnother
              : phone
                ? t.phonecheck.onThePhone
                : t.phonecheck.onThisComputer}
          </Button>
        )}
        <OtherMethods phone={verification.phone} />
      </div>
      {/* As on the other methods' screens: the wrong number, or no way to do this. */}
      <StartAgainLink othersShown />
    </Card>
  );
}

function PhoneOpened({ verification }: { verification: PhoneCheckDto }) {
  const { t } = useI18n();
  return (
    <>
      <div className="space-y-2">
        <StateHeading>{t.phonecheck.openedTitle}</StateHeading>
        <p className="text-slate-600">{t.phonecheck.opened}</p>
      </div>
      <WaitingBox verification={verification} label={t.phonecheck.waitingResult} />
    </>
  );
}

/**
 * The check opened on this device. On a phone, the phone's own words; on what says it is a
 * computer, the words do not call it a phone, and point to the QR code for a SIM in a phone.
 */
function OnThisDevice({
  verification,
  link,
  phone,
}: {
  verification: PhoneCheckDto;
  link: string;
  phone: boolean;
}) {
  const { t } = useI18n();
  // v0.1's journey ends on the operator's page: open it beside this one, which shows the result.
  const newTab = verification.phonecheck.version === "v0.1";
  const mobile = useOnMobileNetwork(verification.id);
  return (
    <>
      <div className="space-y-2">
        <StateHeading>{t.phonecheck.hereTitle}</StateHeading>
        <p className="text-slate-600">
          <Rich
            text={phone ? t.phonecheck.hereText : t.phonecheck.hereTextComputer}
            values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
          />
        </p>
      </div>
      {!mobile && (
        <Alert tone="info" quiet>
          {t.phonecheck.wifi}
        </Alert>
      )}
      {/* The time limit above the action, at the start of its line, as the SMS code's and the
          Truecaller prompt's are. */}
      <div className="space-y-3">
        <Countdown until={verification.expiresAt} timed={verification} />
        <ButtonLink href={link} target={newTab ? "_blank" : undefined} rel="noreferrer">
          {t.phonecheck.open}
        </ButtonLink>
      </div>
      {verification.phonecheck.sandbox && (
        <SimulatedPhoneNote phone={verification.phone} text={t.phonecheck.sandbox} />
      )}
    </>
  );
}

/**
 * Whether tru.ID says this phone's address is on a mobile network where the check runs
 * (lib/methods/phonecheck/coverage.ts). Only a "mobile" answer hides the Wi-Fi note: while the
 * answer is on its way, and when nobody can tell, the page asks, since a check opened over
 * Wi-Fi fails. Asked again when the person comes back to the page (Wi-Fi turned off meanwhile).
 */
function useOnMobileNetwork(verificationId: string): boolean {
  const query = useQuery({
    queryKey: ["phonecheck-coverage", verificationId],
    queryFn: () =>
      apiFetch<{ coverage: Coverage }>(
        `/api/phone-check/network?verification=${encodeURIComponent(verificationId)}`,
      ),
    retry: false,
    gcTime: 0,
  });
  return query.data?.coverage === "mobile";
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
