"use client";

import { useI18n } from "./i18n";
import { simulatedPhoneHref } from "./phone-in-play";
import { useSessionLink, useShownVerification } from "./status-shell";
import { Rich } from "./rich";
import { handBack } from "./start/number-handoff";
import { TextLink } from "./ui";

// Links that several method panels end with.

/** A sandbox hint whose `{link}` opens the simulated phone on this number, in a new tab. */
export function SimulatedPhoneNote({ phone, text }: { phone: string; text: string }) {
  const { t } = useI18n();
  return (
    <p className="text-sm text-slate-600">
      <Rich
        text={text}
        values={{
          link: (
            <TextLink href={simulatedPhoneHref(phone)} target="_blank" rel="noopener">
              {t.common.simulatedPhone}
              <span className="sr-only"> {t.app.newTab}</span>
            </TextLink>
          ),
        }}
      />
    </p>
  );
}

/**
 * Back to the start page; `inline` inside a sentence of the caller's. In a session, back to the
 * session's choice of methods instead (its number may be the app's to fix). `othersShown`: the
 * card offers the other methods already, so in a session the link only offers what they do not,
 * another number, where the app left it to the person (none where the app fixed it).
 */
export function StartAgainLink({
  inline = false,
  text,
  othersShown = false,
}: {
  inline?: boolean;
  text?: string;
  othersShown?: boolean;
}) {
  const { t } = useI18n();
  const session = useSessionLink();
  // The number and its method go back with it (./start/number-handoff.ts), to correct or replace.
  const shown = useShownVerification();
  const handBackShown = () => shown && handBack(shown);
  if (session && othersShown && session.phoneFixed) return null;
  // On a line of its own, a target a finger finds: the padding of an inline link widens where
  // it can be tapped (44 px tall) without moving the lines around it.
  const tapArea = inline ? undefined : "py-3.5";
  const link = session ? (
    <TextLink
      href={`/session/${encodeURIComponent(session.id)}?choose`}
      onClick={session.phoneFixed ? undefined : handBackShown}
      className={tapArea}
    >
      {inline && text ? text : othersShown ? t.session.anotherNumber : t.session.chooseAgain}
    </TextLink>
  ) : (
    <TextLink href="/" onClick={handBackShown} className={tapArea}>
      {text ?? t.common.startAgain}
    </TextLink>
  );
  // On its own line, a target a finger finds: padding of an inline link widens where it can be
  // tapped (44 px tall) without moving the lines around it.
  return inline ? link : <p className="text-sm text-slate-600">{link}</p>;
}
