"use client";

import { useCallback, useEffect, useRef } from "react";
import { Alert, Button } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import { bringIntoView } from "../bring-into-view";
import { asksForChallenge, Challenge } from "../challenge";
import { useFailureText } from "../failure-text";
import { useI18n } from "../i18n";

/**
 * Why a start did not go through, and the way on: the proof-of-work check when the server asks
 * for one (then the start is sent again with its solution), and the other methods when this
 * one cannot reach the number (SMS to a number type it refuses, a paused block, a budget).
 * It shows below the button pressed, which on a phone may be at the bottom of the screen: it
 * comes into view and takes focus (the check: its checkbox).
 */
export function StartProblem({
  error,
  method,
  others,
  onRetry,
}: {
  error: Error;
  method: MethodName;
  others: MethodName[];
  onRetry: (options: { method: MethodName; challenge?: string }) => void;
}) {
  const { t } = useI18n();
  const text = useFailureText();
  const solved = useCallback(
    (challenge: string) => onRetry({ method, challenge }),
    [method, onRetry],
  );
  const box = useRef<HTMLDivElement>(null);
  // Why first, heard in full (the alert speaks too); the ways on are the next Tab.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    bringIntoView(element);
  }, [error]);
  if (asksForChallenge(error)) return <Challenge onSolved={solved} takeFocus />;
  return (
    <div
      ref={box}
      tabIndex={-1}
      data-focus-target=""
      data-testid="start-problem"
      className="space-y-3"
    >
      {/* Quiet: the box takes focus, and is read as it does; an alert would say it twice. */}
      <Alert quiet>{text(error)}</Alert>
      {offersOthers(error) && others.length > 0 && (
        <div className="space-y-2" data-testid="other-methods">
          {others.map((other) => (
            <Button key={other} variant="secondary" onClick={() => onRetry({ method: other })}>
              {t.methods[other].switchTo}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * This method cannot reach this number now: a number it refuses (it names itself), or a budget
 * or pause that stops it. The other methods are a way on.
 */
export function offersOthers(error: Error): boolean {
  if (!(error instanceof ApiFailure)) return false;
  return error.code === "rate_limited" || handsOver(error);
}

/**
 * Trying this method again would only be refused again, whatever the wait: a number it refuses,
 * or its pause for numbers like this one. The start form then closes its card for this number
 * and moves the choice on. A budget or a wait says when to try again, and the same method may
 * be tried then.
 */
export function handsOver(error: Error): boolean {
  if (!(error instanceof ApiFailure)) return false;
  if (error.code === "invalid_phone") return !!error.details.method;
  return error.code === "rate_limited" && error.details.reason === "paused";
}
