"use client";

import { useEffect, useRef, useState } from "react";
import { Button, Card } from "@/components/ui";
import { resumeOrStart } from "@/components/resumable-attempts";
import type { VerificationDto } from "@/lib/core/dto";
import { anyPhoneMethod, type MethodName } from "@/lib/method-names";
import type { CountryOption } from "@/lib/phone";
import { useAnnounce } from "../announcer";
import { bringIntoView } from "../bring-into-view";
import { asksForChallenge } from "../challenge";
import { useFailureText } from "../failure-text";
import { useI18n } from "../i18n";
import { MethodCards, type MethodChoice } from "./method-cards";
import { useHandedBack } from "./number-handoff";
import { useNumberAndStart, type FixedPhone } from "./number-entry";
import { handsOver, StartProblem } from "./start-problem";

export type { MethodChoice };

export type { FixedPhone };

/**
 * A number and a method, then a verification started and its page opened. `methods` are offered
 * in the order given; `phone` fixes the number (no number field); `onStarted` replaces going to
 * /verify/:id (a page that embeds the form may stay where it is).
 */
export function StartForm({
  countries,
  allowedCountries,
  methods,
  phone,
  takesHandedBack = false,
  defaultCountry,
  onStarted,
  startPaths = {},
}: {
  countries: CountryOption[];
  allowedCountries: string[];
  methods: MethodChoice[];
  phone?: FixedPhone;
  /** Start from the number and method a verification's page handed back (the start page). */
  takesHandedBack?: boolean;
  defaultCountry?: string;
  onStarted?: (verification: VerificationDto) => void;
  /**
   * The routes that start a method on this device where not the browser API's (a method's
   * `hostedPage.startPath`, lib/core/method.ts): Truecaller's deep link on Android.
   */
  startPaths?: Partial<Record<MethodName, string>>;
}) {
  const { t, format } = useI18n();
  const failureText = useFailureText();
  const announce = useAnnounce();
  const actions = useRef<HTMLDivElement>(null);
  const [method, setMethod] = useState<MethodName>(
    () => (methods.find((option) => option.available) ?? methods[0])?.name ?? anyPhoneMethod,
  );
  // Back from a verification's page: its number, and the method it was tried with, chosen again.
  const handed = useHandedBack(takesHandedBack);
  const [handedMethod, setHandedMethod] = useState<MethodName>();
  if (handed?.method && handed.method !== handedMethod) {
    setHandedMethod(handed.method);
    if (methods.some((option) => option.name === handed.method && option.available)) {
      setMethod(handed.method);
    }
  }
  const { start, startError, touch, field, numberKey, numberCountry } = useNumberAndStart({
    countries,
    allowedCountries,
    phone,
    handedNumber: handed?.phone,
    defaultCountry,
    onStarted,
    // The same number by the same method again (Back, or "Start again" and the number kept):
    // this tab's attempt still pending, rather than a second SMS or a prompt refused as too soon.
    startWith: (input) => resumeOrStart(input, startPaths[input.method]),
  });
  // A method this number cannot use (an SMS to a number outside +1, a paused block of
  // numbers): trying it again would only be refused again, so its card says why and cannot be
  // chosen until the number changes, and the choice moves to the next method, which Continue
  // then starts. Recorded while rendering, as React advises for state that follows other state.
  const [refusal, setRefusal] = useState<{ method: MethodName; error: Error; numberKey: string }>();
  const refusedMethod = start.variables?.method;
  if (startError && handsOver(startError) && refusedMethod && refusal?.error !== startError) {
    const next = methods.find((option) => option.available && option.name !== refusedMethod);
    if (next) {
      setRefusal({ method: refusedMethod, error: startError, numberKey });
      setMethod(next.name);
    }
  }
  const standing = refusal?.numberKey === numberKey ? refusal : undefined;
  // A method that does not reach the typed number's country (an SMS to a +44 number): closed
  // as soon as the number says so, before any request, with why on its card. Were it the one
  // chosen, the choice moves on to the next that can (adjusted while rendering, as above).
  const outOfReach = methods.filter(
    (option) => numberCountry && option.countries && !option.countries.includes(numberCountry),
  );
  const closed = new Set([...outOfReach.map((option) => option.name), standing?.method]);
  if (closed.has(method)) {
    const next = methods.find((option) => option.available && !closed.has(option.name));
    if (next) setMethod(next.name);
  }
  const countryName = countries.find((country) => country.code === numberCountry)?.name;
  const refusedCards = [
    ...(standing ? [{ method: standing.method, why: failureText(standing.error) }] : []),
    ...outOfReach.map((option) => ({
      method: option.name,
      why: format(t.start.notForCountry[option.name], { country: countryName ?? "" }),
    })),
  ];
  // Said once, when the refusal comes (not again when the number is typed back to the refused
  // one), with the method now chosen: Continue (pressed a moment ago) keeps focus, and pressed
  // again starts that one, which a person who does not see the cards must hear. The card's
  // reason pushes Continue down: on a phone, off the bottom of the screen, which it is brought
  // back to.
  useEffect(() => {
    if (!refusal) return;
    const movedTo = format(t.start.movedTo, { method: t.methods[method].title });
    announce(`${failureText(refusal.error)} ${movedTo}`);
    const submit = actions.current?.querySelector<HTMLButtonElement>("button[type=submit]");
    submit?.focus({ preventScroll: true });
    if (submit) bringIntoView(submit);
    // Once per refusal: the words and the announcer do not change meanwhile.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refusal?.error]);
  const chosen = methods.find((option) => option.name === method);
  const others = methods
    .filter((option) => option.available && option.name !== method && !closed.has(option.name))
    .map((option) => option.name);
  const checking = startError !== undefined && asksForChallenge(startError);
  const problem = startError && startError !== standing?.error && (
    <StartProblem
      error={startError}
      method={method}
      others={others}
      onRetry={(retry) => {
        setMethod(retry.method);
        start.mutate(retry);
      }}
    />
  );

  return (
    <Card>
      <form
        noValidate
        className="space-y-6"
        onSubmit={(event) => {
          event.preventDefault();
          touch();
          if (chosen?.available && !closed.has(method)) start.mutate({ method });
        }}
      >
        {field}
        <MethodCards
          methods={methods}
          value={method}
          refused={refusedCards}
          onChange={(next) => {
            setMethod(next);
            // What went wrong was about the method left: it no longer stands.
            if (start.isError) start.reset();
          }}
        />
        {/* Why the start failed, below the button that was pressed (brought into view, and
            focused, when it shows). The check comes before the button instead: it is the step
            to take first, and its solution presses the button. */}
        <div className="space-y-3" ref={actions}>
          {checking && problem}
          <Button
            type="submit"
            pending={start.isPending || start.isSuccess}
            // Asked for the check: its solution sends the start, not another press.
            disabled={checking}
          >
            {start.isPending || start.isSuccess ? t.start.pending : t.start.submit}
          </Button>
          {!checking && problem}
        </div>
      </form>
    </Card>
  );
}
