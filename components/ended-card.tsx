"use client";

import type { ReactNode } from "react";
import type { VerificationDto } from "@/lib/core/dto";
import { endingText } from "./ending-text";
import { FailureCard } from "./failure-card";
import { useI18n } from "./i18n";
import { PhoneNumber } from "./phone-number";
import { SimulatedPhoneNote, StartAgainLink } from "./shared-links";
import { GiveUpButton } from "./session/give-up-form";
import { useOtherMethods, useSessionLink } from "./status-shell";
import { OtherMethods } from "./switch-method-button";
import { buttonLook } from "./ui";

// The reason the core gives an attempt that its session's end closed (lib/core/endings.ts).
const SESSION_ENDED = "session_ended";

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
  againDisabled = false,
  againFirst = false,
  children,
}: {
  verification: VerificationDto;
  /** The provider's emulator stands in for it: link to the simulated phone. */
  sandbox: boolean;
  /** Said below the reason, e.g. when a new try may work, or why the way on failed. */
  note?: ReactNode;
  /** The words of the button that tries this method again. */
  again?: string;
  /** Not yet: the button waits (its words say until when). */
  againDisabled?: boolean;
  /** This method again is the likelier way on (it ran out of time, unused): it comes first. */
  againFirst?: boolean;
  children?: ReactNode;
}) {
  const { t, format } = useI18n();
  const session = useSessionLink();
  const othersOffered = useOtherMethods().length > 0;
  const message = verification.message;
  const text = message
    ? endingText(message, { phoneFixed: session?.phoneFixed, othersOffered })
    : undefined;
  // In a session whose app allows no other method, an ending a new try cannot change (not on
  // Truecaller, a number SMS does not reach) leaves one way on: back to the app.
  const onlyWayBack = session !== undefined && !othersOffered && message?.retry === false;
  // Its session ended (the app canceled it, it expired, the person gave up elsewhere): nothing
  // can happen here any more, and the one way on is back to the app, which knows it ended.
  const about = (
    <p>
      <PhoneNumber value={verification.phoneDisplay} testId="ended-phone" />
    </p>
  );
  if (session && verification.reason === SESSION_ENDED) {
    return (
      <FailureCard
        title={message?.title}
        about={about}
        text={message?.text}
        focus
        actions={
          // A route that redirects to the app: a plain link, not the router's.
          <a
            href={`/session/${encodeURIComponent(session.id)}/return`}
            className={buttonLook("primary")}
            data-testid="back-to-app"
          >
            {session.host ? format(t.session.backTo, { host: session.host }) : t.session.backToApp}
          </a>
        }
      />
    );
  }
  return (
    <FailureCard
      title={message?.title}
      about={about}
      text={text}
      note={note}
      focus
      actions={
        <>
          {children ? (
            <div className="space-y-2">{children}</div>
          ) : (
            again && (
              <div className="space-y-2">
                <OtherMethods
                  phone={verification.phone}
                  primary
                  also={
                    message?.retry
                      ? {
                          method: verification.method,
                          label: again,
                          disabled: againDisabled,
                          first: againFirst,
                        }
                      : undefined
                  }
                />
              </div>
            )
          )}
          {onlyWayBack && <GiveUpButton sessionId={session.id} host={session.host} />}
          <div className="space-y-2">
            {sandbox && (
              <SimulatedPhoneNote phone={verification.phone} text={t.common.sandboxEnded} />
            )}
            {/* The ways on above are the other methods: in a session, only another number. */}
            <StartAgainLink othersShown />
          </div>
        </>
      }
    />
  );
}
