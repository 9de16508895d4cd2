"use client";

import type { ReactNode } from "react";
import type { ReturnCheck } from "@/lib/sandbox/integrating-app";
import { isMethodName } from "@/lib/method-names";
import { useI18n } from "../i18n";
import { PhoneNumber } from "../phone-number";
import { Rich } from "../rich";
import { usePhoneFormat } from "../start/phone-parser";
import { SuccessMark } from "../success-mark";
import { Alert, Card } from "../ui";
import { JsonBlock } from "./json-block";

// Where the app reads the keys a token is signed with: a path, the same in every language.
const JWKS_PATH = "/.well-known/jwks.json";

/** What the integrating app made of the person's return: the token's claims, or why not. */
export function ReturnResult({
  check,
  action,
}: {
  check: Extract<ReturnCheck, { state: "own" }>;
  /** The page's next step, under the verdict it follows from. */
  action: ReactNode;
}) {
  const { t, format } = useI18n();
  const formatPhone = usePhoneFormat();
  const claims = check.claims;
  // The token says how in its `amr` claim: one of our methods, named as the pages name it.
  const method = String((claims?.amr as string[] | undefined)?.[0] ?? "");
  const how = isMethodName(method) ? t.methods[method].verifiedBy : method;
  return (
    <Card className="space-y-4">
      {claims ? (
        <div className="space-y-3 text-center" data-testid="token-verified">
          <SuccessMark />
          {/* The size of every success heading (components/verified-card.tsx). */}
          <h2 className="text-2xl font-semibold tracking-tight text-slate-950">
            {t.sandboxApp.tokenVerified}
          </h2>
          <p className="text-slate-600">
            <Rich
              text={t.sandboxApp.tokenVerifiedText}
              values={{
                // A path is not broken at its hyphen.
                jwks: <code className="whitespace-nowrap">{JWKS_PATH}</code>,
                phone: <PhoneNumber value={formatPhone(String(claims.phone_number ?? ""))} />,
                how,
              }}
            />
          </p>
        </div>
      ) : check.tokenProblem ? (
        <Alert>{format(t.sandboxApp.tokenInvalid, { problem: check.tokenProblem })}</Alert>
      ) : (
        <Alert>
          {format(t.sandboxApp.endedWith, {
            // The error the app got, in words where it is one of the hosted flow's, and as sent.
            why: endedWhy(t.sandboxApp.endedWhy, check.error),
            error: check.error ?? "—",
          })}
        </Alert>
      )}
      {action}
      {check.claims && (
        <Labelled title={t.sandboxApp.claims}>
          <JsonBlock value={check.claims} testId="claims" />
        </Labelled>
      )}
      {check.session && (
        <Labelled title={t.sandboxApp.sessionRead}>
          <JsonBlock value={check.session} testId="session" />
        </Labelled>
      )}
    </Card>
  );
}

function Labelled({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-medium text-slate-900">{title}</h3>
      {children}
    </div>
  );
}

function endedWhy(words: Record<string, string>, error: string | null | undefined): string {
  return (error && Object.hasOwn(words, error) && words[error]) || words.other!;
}
