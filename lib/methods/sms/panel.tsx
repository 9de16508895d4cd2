"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { Countdown, formatSeconds, useSecondsLeft } from "@/components/countdown";
import { useVerification } from "@/components/status-shell";
import { SwitchMethodButton } from "@/components/switch-method-button";
import { Alert, Button, Card } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import { ApiFailure, runStep } from "@/lib/api-client";
import type { SmsDto } from "./details";

type Props = { verification: SmsDto; refresh: () => void };

/** The SMS method in the status view: the code form, resend, and every ending. */
export function SmsPanel() {
  const { verification, refresh } = useVerification<SmsDto>("sms");
  const sms = verification.sms;
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;

  if (verification.status === "locked") {
    return (
      <Card className="space-y-4">
        <h1 className="text-xl font-semibold">{verification.message?.title}</h1>
        <p className="text-slate-600">{verification.message?.text}</p>
        <SwitchMethodButton phone={verification.phone} method="sms">
          Send me a new code
        </SwitchMethodButton>
        <StartOver />
      </Card>
    );
  }

  return (
    <Card className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Enter the code</h1>
        <p className="text-slate-600">
          We sent a {sms.codeLength}-digit code by SMS to{" "}
          <span className="font-medium text-slate-900">{verification.phoneDisplay}</span>.
        </p>
      </div>
      {sms.lastSendFailed && <Alert>{verification.message?.text}</Alert>}
      {verification.status === "expired" ? (
        <Alert tone="info">{verification.message?.text}</Alert>
      ) : (
        <CodeForm key={verification.expiresAt} verification={verification} refresh={refresh} />
      )}
      <ResendButton verification={verification} refresh={refresh} />
      <StartOver />
    </Card>
  );
}

function CodeForm({ verification, refresh }: Props) {
  const sms = verification.sms;
  const inputId = useId();
  const [code, setCode] = useState("");
  const check = useMutation({
    mutationFn: (value: string) => runStep(verification.id, "code", { code: value }),
    onSettled: refresh,
  });
  const complete = code.length === sms.codeLength;

  // WebOTP: where the browser supports it, the code arrives by itself (the SMS ends with
  // "@host #code" for this). Aborted when the form goes away.
  useEffect(() => {
    if (!("OTPCredential" in window)) return;
    const abort = new AbortController();
    navigator.credentials
      .get({ otp: { transport: ["sms"] }, signal: abort.signal } as CredentialRequestOptions)
      .then((credential) => {
        const otp = (credential as (Credential & { code?: string }) | null)?.code;
        if (otp) {
          setCode(otp);
          check.mutate(otp);
        }
      })
      .catch(() => undefined);
    return () => abort.abort();
    // Once per form: `check` is stable enough for this one-shot listener.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const error = check.error instanceof ApiFailure ? check.error : undefined;
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (complete) check.mutate(code);
      }}
    >
      <label htmlFor={inputId} className="block text-sm font-medium">
        Code
      </label>
      <input
        id={inputId}
        name="code"
        autoComplete="one-time-code"
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={sms.codeLength}
        value={code}
        // Paste works with spaces or dashes in it: keep the digits only.
        onChange={(event) =>
          setCode(event.target.value.replace(/\D/g, "").slice(0, sms.codeLength))
        }
        className="w-full rounded-lg border border-slate-300 px-3 py-3 text-center font-mono text-2xl tracking-[0.5em]"
        aria-describedby={`${inputId}-help`}
        autoFocus
      />
      <div id={`${inputId}-help`} className="flex items-center justify-between">
        <p className="text-sm text-slate-600" data-testid="attempts-left">
          {sms.attemptsLeft} {sms.attemptsLeft === 1 ? "attempt" : "attempts"} left
        </p>
        <Countdown until={verification.expiresAt} timed={verification} label="Expires in" />
      </div>
      {error && <Alert>{error.message}</Alert>}
      <Button type="submit" className="w-full" disabled={!complete} pending={check.isPending}>
        {check.isPending ? "Checking…" : "Verify"}
      </Button>
    </form>
  );
}

function ResendButton({ verification, refresh }: Props) {
  const sms = verification.sms;
  const left = useSecondsLeft(sms.resendAvailableAt, verification);
  const resend = useMutation({
    mutationFn: () => runStep(verification.id, "resend"),
    onSettled: refresh,
  });
  if (sms.resendAvailableAt === null) {
    return (
      <p className="text-sm text-slate-600">No more codes can be sent for this verification.</p>
    );
  }
  const waiting = left !== null && left > 0;
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        pending={resend.isPending}
        disabled={waiting}
        onClick={() => resend.mutate()}
      >
        {waiting ? `Resend code in ${formatSeconds(left)}` : "Resend code"}
      </Button>
      {resend.isSuccess && (
        <Alert tone="success">A new code is on its way. The old one no longer works.</Alert>
      )}
      {resend.isError && <Alert>{resend.error.message}</Alert>}
    </div>
  );
}

function StartOver() {
  return (
    <p className="text-sm text-slate-600">
      Wrong number, or no SMS?{" "}
      <Link href="/" className="text-brand-600 font-medium underline">
        Start again or choose another way
      </Link>
    </p>
  );
}
