"use client";

import type { ReturnCheck } from "@/lib/sandbox/integrating-app";
import { useI18n } from "../i18n";
import { SuccessMark } from "../success-mark";
import { Alert, Card } from "../ui";

/** What the integrating app made of the person's return: the token's claims, or why not. */
export function ReturnResult({ check }: { check: ReturnCheck }) {
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
        <div className="space-y-1">
          <h3 className="text-sm font-medium text-slate-900">{t.sandboxApp.claims}</h3>
          <pre
            className="rounded-lg bg-slate-50 p-3 text-xs break-all whitespace-pre-wrap text-slate-800"
            data-testid="claims"
          >
            {JSON.stringify(check.claims, null, 2)}
          </pre>
        </div>
      )}
      {check.session && (
        <div className="space-y-1">
          <h3 className="text-sm font-medium text-slate-900">{t.sandboxApp.sessionRead}</h3>
          <pre
            className="rounded-lg bg-slate-50 p-3 text-xs break-all whitespace-pre-wrap text-slate-800"
            data-testid="session"
          >
            {JSON.stringify(check.session, null, 2)}
          </pre>
        </div>
      )}
    </Card>
  );
}
