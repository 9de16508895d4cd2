"use client";

import type { ReactNode } from "react";
import type { ReturnCheck } from "@/lib/sandbox/integrating-app";
import { useI18n } from "../i18n";
import { SuccessMark } from "../success-mark";
import { Alert, Card } from "../ui";
import { JsonBlock } from "./json-block";

/** What the integrating app made of the person's return: the token's claims, or why not. */
export function ReturnResult({ check }: { check: Extract<ReturnCheck, { state: "own" }> }) {
  const { t, format } = useI18n();
  return (
    <Card className="space-y-4">
      {check.claims ? (
        <div className="space-y-3" data-testid="token-verified">
          <SuccessMark />
          <h2 className="text-lg font-semibold text-slate-950">{t.sandboxApp.tokenVerified}</h2>
          <p className="text-slate-600">
            {format(t.sandboxApp.tokenVerifiedText, {
              phone: String(check.claims.phone_number ?? ""),
              method: String((check.claims.amr as string[] | undefined)?.[0] ?? ""),
            })}
          </p>
        </div>
      ) : check.tokenProblem ? (
        <Alert>{format(t.sandboxApp.tokenInvalid, { problem: check.tokenProblem })}</Alert>
      ) : (
        <Alert>{format(t.sandboxApp.endedWith, { error: check.error ?? "—" })}</Alert>
      )}
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
