"use client";

import { Fragment, type ReactNode } from "react";
import { resumeOrStart } from "@/components/resumable-attempts";
import type { MethodName } from "@/lib/method-names";
import type { CountryOption } from "@/lib/phone";
import { useShowInSession } from "../home-link";
import { useI18n } from "../i18n";
import { useNumberAndStart, type FixedPhone } from "../start/number-entry";
import { useHandedBack } from "../start/number-handoff";
import { asksForChallenge } from "../challenge";
import { handsOver, StartProblem } from "../start/start-problem";
import { Card, Spinner } from "../ui";
import { GiveUpButton } from "./give-up-form";

/**
 * The hosted page's card: the number (fixed by the app, or typed), the method this device suits
 * best as the lead card and the app's other methods under it. One tap
 * starts the attempt; nothing starts by itself (a link previewer must not send a paid SMS).
 */
export function SessionStart({
  sessionId,
  host,
  phone,
  countries,
  allowedCountries,
  first,
  others,
  startPaths,
  icons,
  onPhone,
}: {
  sessionId: string;
  host: string;
  phone?: FixedPhone;
  countries: CountryOption[];
  allowedCountries: string[];
  first: MethodName;
  others: MethodName[];
  /**
   * The routes that start a method on this device where not the browser API's (its handler's
   * `hostedPage`, lib/core/method.ts): Truecaller's deep link on Android.
   */
  startPaths: Partial<Record<MethodName, string>>;
  icons: Partial<Record<MethodName, ReactNode>>;
  /** A phone or tablet, as the page's server judged it to choose `first` (lib/core/device.ts). */
  onPhone: boolean;
}) {
  const { t, format } = useI18n();
  useShowInSession(true);
  // Back from an attempt's "Use another number": its number, to correct or replace.
  const handed = useHandedBack(!phone);
  const { start, startError, touch, field } = useNumberAndStart({
    countries,
    allowedCountries,
    phone,
    handedNumber: handed?.phone,
    session: sessionId,
    fixedHint: <p className="text-sm text-slate-600">{format(t.session.fixedHint, { host })}</p>,
    fixedTestId: "session-phone",
    // The same number by the same method again: this tab's attempt still pending, if any.
    startWith: (input) => resumeOrStart(input, startPaths[input.method]),
  });
  const busy = start.isPending || start.isSuccess;
  const chosen = start.variables?.method;
  const waitingForCheck = startError !== undefined && asksForChallenge(startError);
  // A method this number cannot use (an SMS to a number outside +1): tapped again, it would only
  // be refused again, until the number changes (which clears the error).
  const refused = startError !== undefined && handsOver(startError);
  const go = (method: MethodName) => {
    touch();
    start.mutate({ method });
  };
  // Each method a card, as on the start form (its icon, its words, what it asks of the
  // person), and a button: one tap starts it. The lead card (this device's best) stands out.
  // What a start met (the robot check, a refusal) shows below the card tapped, not elsewhere;
  // with no buttons of its own for the other methods: their cards are the way on.
  const choice = (method: MethodName, lead: boolean) => (
    <Fragment key={method}>
      <MethodButton
        lead={lead}
        pending={busy && chosen === method}
        // Asked for the check: its solution starts this method, not another tap.
        disabled={busy || (chosen === method && (waitingForCheck || refused))}
        onClick={() => go(method)}
        method={method}
        icon={icons[method]}
        // The method's short name, as the start form names it: it fits one line on a phone.
        title={t.methods[method].title}
        description={t.methods[method].description}
      />
      {startError && chosen === method && (
        <StartProblem
          error={startError}
          method={method}
          others={[]}
          onRetry={(retry) => start.mutate(retry)}
        />
      )}
      {/* The app's one method refuses this number, which the app fixed: going back is the way
          on (the page's top link says the same, as the card's one action here). */}
      {refused && chosen === method && others.length === 0 && phone && (
        <GiveUpButton sessionId={sessionId} host={host} />
      )}
    </Fragment>
  );

  return (
    <Card>
      <form
        noValidate
        className="space-y-6"
        onSubmit={(event) => {
          // Enter in the number field: the primary method (not while its check is asked for:
          // a new start would replace the check the person is solving).
          event.preventDefault();
          if (!busy && !waitingForCheck) go(first);
        }}
      >
        {field}
        {/* Beside others, labelled as a suggestion: drawn apart, it could pass for a choice
            already made. */}
        <div className="space-y-2">
          {others.length > 0 && (
            <p className="text-sm font-medium text-slate-900">
              {/* On a computer, every method ends on the phone (a QR code to scan, a code or a
                  prompt it receives): nothing is suggested "for this device" there. */}
              {onPhone ? t.session.suggested : t.session.suggestedComputer}
            </p>
          )}
          {choice(first, true)}
        </div>
        {others.length > 0 && (
          <div className="space-y-2" data-testid="other-methods">
            <p className="text-sm font-medium text-slate-900">{t.common.otherWays}</p>
            {others.map((method) => choice(method, false))}
          </div>
        )}
      </form>
    </Card>
  );
}

/**
 * A method to start in one tap, drawn as the start form's method cards. Its name is all of its
 * words, title then description (a name that left out words it shows would not match what a
 * voice-control user reads). Like Button, it is aria-disabled rather than disabled while an
 * attempt starts, so that focus stays on it.
 */
function MethodButton({
  method,
  lead,
  pending,
  disabled,
  onClick,
  icon,
  title,
  description,
}: {
  method: MethodName;
  lead: boolean;
  pending: boolean;
  disabled: boolean;
  onClick: () => void;
  icon: ReactNode;
  title: string;
  description: string;
}) {
  return (
    <button
      type="button"
      data-method={method}
      aria-disabled={disabled || undefined}
      aria-busy={pending || undefined}
      onClick={(event) => {
        if (disabled) event.preventDefault();
        else onClick();
      }}
      className={`flex w-full items-center gap-3 rounded-xl border p-4 text-left transition-colors aria-busy:cursor-wait aria-disabled:cursor-not-allowed ${
        lead
          ? "border-brand-600 bg-brand-50 ring-brand-600 hover:bg-brand-100 ring-1"
          : "border-slate-300 bg-white hover:border-slate-400 hover:bg-slate-50"
      }`}
    >
      <span
        aria-hidden
        className={`flex size-10 shrink-0 items-center justify-center rounded-lg ${
          lead ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700"
        }`}
      >
        {pending ? <Spinner /> : icon}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block font-semibold text-slate-950" data-testid="method-title">
          {title}
        </span>
        <span className="block text-sm text-slate-600">{description}</span>
      </span>
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        className={`size-5 shrink-0 ${lead ? "text-brand-700" : "text-slate-500"}`}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M8 5l5 5-5 5" />
      </svg>
    </button>
  );
}
