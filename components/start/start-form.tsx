"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card } from "@/components/ui";
import { startVerification, verificationOf } from "@/lib/api-client";
import type { AnyDto } from "@/lib/core/dto";
import type { MethodName } from "@/lib/methods/dto";
import type { CountryOption, PhoneProblem } from "@/lib/phone";
import { useI18n } from "../i18n";
import { useShowPhoneInPlay } from "../phone-in-play";
import { PhoneNumber } from "../phone-number";
import { MethodCards, type MethodChoice } from "./method-cards";
import { loadPhoneParser, usePhoneParser } from "./phone-parser";
import { PhoneField } from "./phone-field";
import { StartProblem } from "./start-problem";

export type { MethodChoice };

/** A number the form does not ask for: given by whoever embeds the form. */
export type FixedPhone = { e164: string; display: string };

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
  defaultCountry,
  onStarted,
}: {
  countries: CountryOption[];
  allowedCountries: string[];
  methods: MethodChoice[];
  phone?: FixedPhone;
  defaultCountry?: string;
  onStarted?: (verification: AnyDto) => void;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const parse = usePhoneParser();
  const [country, setCountry] = useState(() => firstCountry(countries, defaultCountry));
  const [number, setNumber] = useState("");
  const [touched, setTouched] = useState(false);
  const [method, setMethod] = useState<MethodName>(
    () => (methods.find((option) => option.available) ?? methods[0])?.name ?? "sms",
  );
  const options = { country, allowedCountries };
  const parsed = phone || !parse ? undefined : parse(number, options);
  const e164 = phone?.e164 ?? (parsed?.ok ? parsed.phone.e164 : undefined);
  useShowPhoneInPlay(e164);

  const started = (verification: AnyDto) =>
    onStarted ? onStarted(verification) : router.push(`/verify/${verification.id}`);
  const start = useMutation({
    mutationFn: async (choice: { method: MethodName; challenge?: string }) => {
      let target = phone?.e164;
      if (!target) {
        const result = (await loadPhoneParser())(number, options);
        if (!result.ok) throw new PhoneProblemError(result.reason);
        target = result.phone.e164;
      }
      return startVerification({ ...choice, phone: target });
    },
    onSuccess: ({ verification }) => started(verification),
    // An SMS that could not be sent still made a verification: its page offers the resend.
    onError: (error) => {
      const verification = verificationOf(error);
      if (verification) started(verification);
    },
  });
  const problem =
    parsed && !parsed.ok && touched && number.trim() !== ""
      ? parsed.reason
      : start.error instanceof PhoneProblemError
        ? start.error.reason
        : undefined;
  const chosen = methods.find((option) => option.name === method);

  return (
    <Card>
      <form
        noValidate
        className="space-y-6"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (chosen?.available) start.mutate({ method });
        }}
      >
        {phone ? (
          <div className="space-y-1">
            <p className="text-sm font-medium text-slate-900">{t.start.fixedNumber}</p>
            <p className="text-lg">
              <PhoneNumber value={phone.display} />
            </p>
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
        <MethodCards methods={methods} value={method} onChange={setMethod} />
        {start.isError &&
          !(start.error instanceof PhoneProblemError) &&
          !verificationOf(start.error) && (
            <StartProblem
              error={start.error}
              method={method}
              others={methods
                .filter((option) => option.available && option.name !== method)
                .map((option) => option.name)}
              onRetry={(retry) => {
                setMethod(retry.method);
                start.mutate(retry);
              }}
            />
          )}
        <Button type="submit" pending={start.isPending || start.isSuccess}>
          {start.isPending || start.isSuccess ? t.start.pending : t.start.submit}
        </Button>
      </form>
    </Card>
  );
}

/** The number the form was given is not one we can verify: said under the field. */
class PhoneProblemError extends Error {
  constructor(readonly reason: PhoneProblem) {
    super(reason);
  }
}

function firstCountry(countries: CountryOption[], preferred: string | undefined): string {
  const codes = countries.map((country) => country.code);
  if (preferred && codes.includes(preferred)) return preferred;
  return codes.includes("US") ? "US" : (codes[0] ?? "US");
}
