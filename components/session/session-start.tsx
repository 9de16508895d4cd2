"use client";

import type { ReactNode } from "react";
import { apiFetch, startVerification, type VerificationAnswer } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import type { DtoOf } from "@/lib/core/dto";
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
  truecallerFlow,
  icons,
}: {
  sessionId: string;
  host: string;
  phone?: FixedPhone;
  countries: CountryOption[];
  allowedCountries: string[];
  first: MethodName;
  others: MethodName[];
  /** How Truecaller starts on this device (lib/sessions/choose-method.ts): the deep link on Android. */
  truecallerFlow: DtoOf<"truecaller">["truecaller"]["flow"];
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
    startWith: truecallerFlow === "deeplink" ? startWithDeepLink : startVerification,
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
 * Starts an attempt, Truecaller by its deep link (flow B, POST /api/truecaller/deep-link): the
 * attempt's page then opens the Truecaller app on this phone in one tap.
 */
function startWithDeepLink(input: Parameters<typeof startVerification>[0]) {
  if (input.method !== "truecaller") return startVerification(input);
  return apiFetch<VerificationAnswer>("/api/truecaller/deep-link", {
    method: "POST",
    json: { phone: input.phone, ...(input.session ? { session: input.session } : {}) },
  });
}
