"use client";

import { useCallback } from "react";
import { Challenge } from "@/components/challenge";
import { Alert, Button } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import type { MethodName } from "@/lib/methods/dto";

type Choice = { name: MethodName; title: string };

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
  others: Choice[];
  onRetry: (options: { method: MethodName; challenge?: string }) => void;
}) {
  const failure = error instanceof ApiFailure ? error : undefined;
  const code = failure?.code;
  const solved = useCallback(
    (challenge: string) => onRetry({ method, challenge }),
    [method, onRetry],
  );
  if (code === "challenge_required") return <Challenge onSolved={solved} />;
  // A number this method refuses (it names itself), or a budget or pause that stops it.
  const offerOthers =
    code === "rate_limited" || (code === "invalid_phone" && !!failure?.details.method);
  return (
    <div className="space-y-3">
      <Alert>{error.message}</Alert>
      {offerOthers && others.length > 0 && (
        <div className="flex flex-wrap gap-2" data-testid="other-methods">
          {others.map((other) => (
            <Button
              key={other.name}
              type="button"
              variant="secondary"
              onClick={() => onRetry({ method: other.name })}
            >
              Use {other.title} instead
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
