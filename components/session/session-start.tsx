"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { startVerification, verificationOf } from "@/lib/api-client";
import type { AnyDto } from "@/lib/core/dto";
import type { MethodName } from "@/lib/methods/dto";
import type { CountryOption, PhoneProblem } from "@/lib/phone";
import { useI18n } from "../i18n";
import { useShowPhoneInPlay } from "../phone-in-play";
import { PhoneNumber } from "../phone-number";
import { PhoneField } from "../start/phone-field";
import { loadPhoneParser, usePhoneParser } from "../start/phone-parser";
import type { FixedPhone } from "../start/start-form";
import { StartProblem } from "../start/start-problem";
import { Button, Card } from "../ui";
import { GiveUpForm } from "./give-up-form";

/**
 * The hosted page's card: the number (fixed by the app, or typed), the method this device suits
 * best as the primary button and the app's other methods under it, and the way back. One tap
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
  icons,
}: {
  sessionId: string;
  host: string;
  phone?: FixedPhone;
  countries: CountryOption[];
  allowedCountries: string[];
  first: MethodName;
  others: MethodName[];
  icons: Partial<Record<MethodName, ReactNode>>;
}) {
  const { t, format } = useI18n();
  const router = useRouter();
  const parse = usePhoneParser();
  const [country, setCountry] = useState(() => firstCountry(countries));
  const [number, setNumber] = useState("");
  const [touched, setTouched] = useState(false);
  const options = { country, allowedCountries };
  const parsed = phone || !parse ? undefined : parse(number, options);
  useShowPhoneInPlay(phone?.e164 ?? (parsed?.ok ? parsed.phone.e164 : undefined));

  const started = (verification: AnyDto) => router.push(`/verify/${verification.id}`);
  const start = useMutation({
    mutationFn: async (choice: { method: MethodName; challenge?: string }) => {
      let target = phone?.e164;
      if (!target) {
        const result = (await loadPhoneParser())(number, options);
        if (!result.ok) throw new PhoneProblemError(result.reason);
        target = result.phone.e164;
      }
      return startVerification({ ...choice, phone: target, session: sessionId });
    },
    onSuccess: ({ verification }) => started(verification),
    // An SMS that could not be sent still made a verification: its page offers the resend.
    onError: (error) => {
      const verification = verificationOf(error);
      if (verification) started(verification);
    },
  });
  const busy = start.isPending || start.isSuccess;
  const chosen = start.variables?.method;
  const problem =
    parsed && !parsed.ok && touched && number.trim() !== ""
      ? parsed.reason
      : start.error instanceof PhoneProblemError
        ? start.error.reason
        : undefined;
  const go = (method: MethodName) => {
    setTouched(true);
    start.mutate({ method });
  };
  const choice = (method: MethodName, variant: "primary" | "secondary") => (
    <Button
      key={method}
      variant={variant}
      pending={busy && chosen === method}
      disabled={busy}
      onClick={() => go(method)}
      data-method={method}
    >
      {!(busy && chosen === method) && icons[method] && (
        <span aria-hidden className="shrink-0">
          {icons[method]}
        </span>
      )}
      {t.session.continueWith[method]}
    </Button>
  );

  return (
    <div className="space-y-4">
      <Card>
        <form
          noValidate
          className="space-y-6"
          onSubmit={(event) => {
            // Enter in the number field: the primary method.
            event.preventDefault();
            if (!busy) go(first);
          }}
        >
          {phone ? (
            <div className="space-y-1">
              <p className="text-sm font-medium text-slate-900">{t.start.fixedNumber}</p>
              <p className="text-lg" data-testid="session-phone">
                <PhoneNumber value={phone.display} />
              </p>
              <p className="text-sm text-slate-600">{format(t.session.fixedHint, { host })}</p>
            </div>
          ) : (
            <PhoneField
              countries={countries}
              country={country}
              onCountry={setCountry}
              number={number}
              onNumber={setNumber}
              onBlur={() => setTouched(true)}
              understood={parsed?.ok ? parsed.phone.international : undefined}
              problem={problem}
            />
          )}
          <div className="space-y-2">
            {choice(first, "primary")}
            <p className="text-center text-sm text-slate-600">{t.methods[first].description}</p>
          </div>
          {start.isError &&
            !(start.error instanceof PhoneProblemError) &&
            !verificationOf(start.error) &&
            chosen && (
              <StartProblem
                error={start.error}
                method={chosen}
                others={[first, ...others].filter((method) => method !== chosen)}
                onRetry={(retry) => start.mutate(retry)}
              />
            )}
          {others.length > 0 && (
            <div className="space-y-2" data-testid="other-methods">
              <p className="text-sm font-medium text-slate-900">{t.session.otherWays}</p>
              {others.map((method) => choice(method, "secondary"))}
            </div>
          )}
        </form>
      </Card>
      <GiveUpForm sessionId={sessionId} host={host} />
    </div>
  );
}

/** The number typed is not one we can verify: said under the field. */
class PhoneProblemError extends Error {
  constructor(readonly reason: PhoneProblem) {
    super(reason);
  }
}

function firstCountry(countries: CountryOption[]): string {
  const codes = countries.map((country) => country.code);
  return codes.includes("US") ? "US" : (codes[0] ?? "US");
}
