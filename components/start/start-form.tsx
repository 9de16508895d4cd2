"use client";

import { useState } from "react";
import { Button, Card } from "@/components/ui";
import type { VerificationDto } from "@/lib/core/dto";
import { anyPhoneMethod, type MethodName } from "@/lib/method-names";
import type { CountryOption } from "@/lib/phone";
import { useI18n } from "../i18n";
import { MethodCards, type MethodChoice } from "./method-cards";
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
  const others = methods
    .filter((option) => option.available && option.name !== method)
    .map((option) => option.name);
  // This method cannot reach this number: Continue would only be refused again, so the other
  // methods are the way on (until the person picks another method or changes the number).
  const refused = startError !== undefined && handsOver(startError) && others.length > 0;
  const problem = startError && (
    <StartProblem
      error={startError}
      method={method}
      others={others}
      lead={refused}
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
          if (chosen?.available && !refused) start.mutate({ method });
        }}
      >
        {field}
        <MethodCards
          methods={methods}
          value={method}
          onChange={(next) => {
            setMethod(next);
            // What went wrong was about the method left: it no longer stands.
            if (start.isError) start.reset();
          }}
        />
        {refused ? (
          problem
        ) : (
          // The check, or why the start failed, below the button that was pressed.
          <div className="space-y-3">
            <Button type="submit" pending={start.isPending || start.isSuccess}>
              {start.isPending || start.isSuccess ? t.start.pending : t.start.submit}
            </Button>
            {problem}
          </div>
        )}
      </form>
    </Card>
  );
}
