"use client";

import type { ReactNode } from "react";
import { apiFetch, startVerification, type VerificationAnswer } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import type { CountryOption } from "@/lib/phone";
import { useI18n } from "../i18n";
import { useNumberAndStart, type FixedPhone } from "../start/number-entry";
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
  startPaths,
  icons,
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
}) {
  const { t, format } = useI18n();
  const { start, startError, touch, field } = useNumberAndStart({
    countries,
    allowedCountries,
    phone,
    session: sessionId,
    fixedHint: <p className="text-sm text-slate-600">{format(t.session.fixedHint, { host })}</p>,
    fixedTestId: "session-phone",
    startWith: (input) => startBy(startPaths[input.method], input),
  });
  const busy = start.isPending || start.isSuccess;
  const chosen = start.variables?.method;
  const go = (method: MethodName) => {
    touch();
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
          {field}
          <div className="space-y-2">
            {choice(first, "primary")}
            <p className="text-center text-sm text-slate-600">{t.methods[first].description}</p>
          </div>
          {startError && chosen && (
            <StartProblem
              error={startError}
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

/**
 * Starts an attempt by the browser API, or by the method's own route on this device (`path`:
 * Truecaller's deep link, whose attempt page then opens the Truecaller app here in one tap).
 */
function startBy(path: string | undefined, input: Parameters<typeof startVerification>[0]) {
  if (!path) return startVerification(input);
  return apiFetch<VerificationAnswer>(path, {
    method: "POST",
    json: { phone: input.phone, ...(input.session ? { session: input.session } : {}) },
  });
}
