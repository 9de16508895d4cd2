"use client";

import { useCallback } from "react";
import { Alert, Button } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import type { MethodName } from "@/lib/method-names";
import { asksForChallenge, Challenge } from "../challenge";
import { useFailureText } from "../failure-text";
import { useI18n } from "../i18n";

/**
 * Why a start did not go through, and the way on: the proof-of-work check when the server asks
 * for one (then the start is sent again with its solution), and the other methods when this
 * one cannot reach the number (SMS to a number type it refuses, a paused block, a budget).
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
  const failure = error instanceof ApiFailure ? error : undefined;
  const code = failure?.code;
  const solved = useCallback(
    (challenge: string) => onRetry({ method, challenge }),
    [method, onRetry],
  );
  if (asksForChallenge(error)) return <Challenge onSolved={solved} />;
  // A number this method refuses (it names itself), or a budget or pause that stops it.
  const offerOthers =
    code === "rate_limited" || (code === "invalid_phone" && !!failure?.details.method);
  return (
    <div className="space-y-3">
      <Alert>{text(error)}</Alert>
      {offerOthers && others.length > 0 && (
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
