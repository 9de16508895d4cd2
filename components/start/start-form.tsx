"use client";

import { useState } from "react";
import { Button, Card } from "@/components/ui";
import type { VerificationDto } from "@/lib/core/dto";
import { anyPhoneMethod, type MethodName } from "@/lib/method-names";
import type { CountryOption } from "@/lib/phone";
import { useI18n } from "../i18n";
import { MethodCards, type MethodChoice } from "./method-cards";
import { useNumberAndStart, type FixedPhone } from "./number-entry";
import { StartProblem } from "./start-problem";

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
  defaultCountry,
  onStarted,
}: {
  countries: CountryOption[];
  allowedCountries: string[];
  methods: MethodChoice[];
  phone?: FixedPhone;
  defaultCountry?: string;
  onStarted?: (verification: VerificationDto) => void;
}) {
  const { t } = useI18n();
  const [method, setMethod] = useState<MethodName>(
    () => (methods.find((option) => option.available) ?? methods[0])?.name ?? anyPhoneMethod,
  );
  const { start, startError, touch, field } = useNumberAndStart({
    countries,
    allowedCountries,
    phone,
    defaultCountry,
    onStarted,
  });
  const chosen = methods.find((option) => option.name === method);

  return (
    <Card>
      <form
        noValidate
        className="space-y-6"
        onSubmit={(event) => {
          event.preventDefault();
          touch();
          if (chosen?.available) start.mutate({ method });
        }}
      >
        {field}
        <MethodCards methods={methods} value={method} onChange={setMethod} />
        {startError && (
          <StartProblem
            error={startError}
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
