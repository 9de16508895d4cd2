"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useAnnounce } from "@/components/announcer";
import { CodeInput } from "./code-input";
import { Countdown } from "@/components/countdown";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { endingText } from "@/components/ending-text";
import { useOtherMethods, useSessionLink, useVerification } from "@/components/status-shell";
import { Alert, Button } from "@/components/ui";
import { ApiFailure, runStep } from "@/lib/api-client";

/**
 * What the form has to say: a failed request (`counts`: it says how many attempts are left, a
 * wrong code), or a new code on its way (`last`: it says no more codes can be sent). Kept as
 * what happened, not as words, so that it is said in the page's language when that changes.
 */
export type Notice =
  | { tone: "error"; error: Error; counts?: boolean; last?: undefined }
  | { tone: "success"; last: boolean; counts?: undefined };

/** A notice in words, in the page's language now. */
function useNoticeText(): (notice: Notice) => string {
  const { t, plural } = useI18n();
  const failureText = useFailureText();
  return (notice) => {
    if (notice.tone === "success") return notice.last ? t.sms.resentLast : t.sms.resent;
    const { error } = notice;
    // A wrong code: said from the client's own words (the server's are in the language the
    // request was made in).
    if (error instanceof ApiFailure && error.code === "invalid_code") {
      const { attemptsLeft, replaced } = error.details;
      if (typeof attemptsLeft === "number") {
        return plural(replaced === true ? t.sms.replacedCode : t.sms.wrongCode, attemptsLeft);
      }
    }
    return failureText(error);
  };
}

/**
 * The code, one box per digit: sent by itself once complete (or by the button). A wrong code
 * empties the boxes, marks them and puts the cursor back in the first, with why in words; a
 * right one turns the page to verified (the status view polls again).
 */
export function CodeForm({
  focusFirst,
  notice,
  onNotice,
}: {
  /** Put the cursor in the first box at once (a new code after a resend). */
  focusFirst: boolean;
  notice: Notice | undefined;
  onNotice: (notice: Notice | undefined) => void;
}) {
  const { verification, refresh } = useVerification("sms");
  const { t, format, plural } = useI18n();
  const announce = useAnnounce();
  const phoneFixed = useSessionLink()?.phoneFixed;
  const othersOffered = useOtherMethods().length > 0;
  const noticeText = useNoticeText();
  const sms = verification.sms;
  const first = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [invalid, setInvalid] = useState(false);
  // Verify asked for with digits missing: said, rather than a button that does nothing.
  const [short, setShort] = useState(false);
  // A wrong code of this one was typed (here a moment ago, or before a reload: the server
  // counts them): only from then is the count of attempts left of use (before, it is one more
  // thing to read before the person has typed anything).
  const [missed, setMissed] = useState(false);
  // Set by a wrong code; acted on once the boxes take input again.
  const refocus = useRef(false);
  const check = useMutation({
    mutationFn: (value: string) => runStep(verification.id, "code", { code: value }),
    onMutate: () => onNotice(undefined),
    onError: (error) => {
      const wrong = error instanceof ApiFailure && error.code === "invalid_code";
      setCode("");
      setInvalid(true);
      // A wrong code's words say how many attempts are left (its details count them).
      const counts = wrong && typeof error.details.attemptsLeft === "number";
      const notice = { tone: "error", error, counts } as const;
      onNotice(notice);
      announce(noticeText(notice));
      // A wrong code leaves the cursor where the next one goes (once the boxes take input again).
      if (wrong) refocus.current = true;
      if (counts) setMissed(true);
    },
    onSettled: refresh,
  });
  const attemptsHere = (missed || sms.wrongCodes > 0) && !notice?.counts;
  const submit = (value: string) => {
    if (value.length !== sms.codeLength || check.isPending) return;
    // The boxes are disabled while the code is checked: focus in one would drop to <body>.
    // It waits on Verify (busy, and still focusable) instead, moved before the boxes go.
    const form = first.current?.form;
    const boxes: Element[] = [...(form?.querySelectorAll("input") ?? [])];
    if (document.activeElement && boxes.includes(document.activeElement)) {
      form?.querySelector<HTMLButtonElement>("[data-code-submit]")?.focus();
    }
    check.mutate(value);
  };

  useEffect(() => {
    // After a resend, the resend said it.
    if (focusFirst) return;
    // Sent, or (the provider did not confirm it) what the page says instead.
    if (verification.reason === "send_unconfirmed" && verification.message) {
      const text = endingText(verification.message, { phoneFixed, othersOffered });
      announce(`${verification.message.title}. ${text}`);
    } else announce(format(t.sms.announceSent, { phone: verification.phoneDisplay }));
    // Once per code: this form is keyed by the sends left (a new code, a new form).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // After a resend the cursor goes where the new code goes: also when the new code's form
  // appeared (the poll brought its expiry) a moment before the resend's answer said so.
  useEffect(() => {
    if (focusFirst) first.current?.focus();
  }, [focusFirst]);

  useEffect(() => {
    if (!refocus.current || check.isPending) return;
    refocus.current = false;
    first.current?.focus();
  }, [check.isPending]);

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
          submit(otp);
        }
      })
      .catch(() => undefined);
    return () => abort.abort();
    // Once per form: `submit` is stable enough for this one-shot listener.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Verify pressed (or Enter in a box) with digits missing: said, and the cursor goes where the
  // next digit goes, rather than a button that does nothing.
  const sayMissing = () => {
    onNotice(undefined);
    setShort(true);
    announce(format(t.sms.enterAllDigits, { length: sms.codeLength }));
    first.current?.form?.querySelectorAll("input")[code.length]?.focus();
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit(code);
      }}
    >
      <CodeInput
        length={sms.codeLength}
        value={code}
        onChange={(next) => {
          setCode(next);
          setInvalid(false);
          setShort(false);
          if (notice?.tone === "error") onNotice(undefined);
          submit(next);
        }}
        invalid={invalid}
        disabled={check.isPending}
        labelledBy="sms-code-title"
        describedBy="sms-code-help"
        focusRef={first}
      />
      {short && !notice && (
        <div data-testid="code-notice">
          <Alert tone="error" quiet>
            {format(t.sms.enterAllDigits, { length: sms.codeLength })}
          </Alert>
        </div>
      )}
      {notice && (
        <div data-testid="code-notice">
          <Alert tone={notice.tone} quiet>
            {noticeText(notice)}
          </Alert>
        </div>
      )}
      {/* The attempts left, once a code was wrong, are said once: not here while the notice
          above says them. Alone, the time left sits at the start of the line, not by itself at
          its far end. */}
      <div
        id="sms-code-help"
        className={`flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600 ${
          attemptsHere ? "justify-between" : ""
        }`}
      >
        {attemptsHere && (
          <p data-testid="attempts-left">{plural(t.sms.attemptsLeft, sms.attemptsLeft)}</p>
        )}
        <Countdown until={verification.expiresAt} timed={verification} />
      </div>
      <Button
        type="submit"
        data-code-submit=""
        disabled={code.length !== sms.codeLength}
        onInactiveClick={sayMissing}
        pending={check.isPending}
      >
        {check.isPending ? t.sms.checking : t.sms.verify}
      </Button>
    </form>
  );
}
