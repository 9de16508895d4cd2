"use client";

import type { ReactNode } from "react";
import type { VerificationDto } from "@/lib/core/dto";
import { useI18n } from "./i18n";
import { PhoneNumber } from "./phone-number";
import { SimulatedPhoneNote, StartAgainLink } from "./shared-links";
import { StateHeading } from "./state-heading";
import { OtherMethods, SwitchMethodButton } from "./switch-method-button";
import { Card } from "./ui";

/**
 * How a verification that did not verify the number ended, for every method: why (the core's
 * `message`, in the page's language), the number it was about, the ways on, and the way back.
 * The ways on are the method's own buttons (`children`), or by default another method first and
 * this one `again` where the core says a new try may work. In the sandbox, the simulated phone
 * of the number, as on the method's other screens. Give it a `key` that changes with the
 * ending: its heading takes focus when it appears.
 */
export function EndedCard({
  verification,
  sandbox,
  note,
  again,
  children,
}: {
  verification: VerificationDto;
  /** The provider's emulator stands in for it: link to the simulated phone. */
  sandbox: boolean;
  /** Said below the reason, e.g. when a new try may work, or why the way on failed. */
  note?: ReactNode;
  /** The words of the button that tries this method again. */
  again?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const message = verification.message;
  return (
    <Card className="space-y-5">
      <div className="space-y-2">
        <StateHeading>{message?.title}</StateHeading>
        <p>
          <PhoneNumber value={verification.phoneDisplay} testId="ended-phone" />
        </p>
        <p className="text-slate-600">{message?.text}</p>
        {note}
      </div>
      {children ? (
        <div className="space-y-2">{children}</div>
      ) : (
        again && (
          <div className="space-y-2">
            <OtherMethods phone={verification.phone} primary />
            {message?.retry && (
              <SwitchMethodButton
                phone={verification.phone}
                method={verification.method}
                variant="secondary"
              >
                {again}
              </SwitchMethodButton>
            )}
          </div>
        )
      )}
      <div className="space-y-2">
        {sandbox && <SimulatedPhoneNote phone={verification.phone} text={t.common.sandboxEnded} />}
        <StartAgainLink />
      </div>
    </Card>
  );
}
