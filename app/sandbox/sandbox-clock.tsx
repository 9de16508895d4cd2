"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { Alert, Button, Card } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";

// What a tester moves the clock by: past a Truecaller prompt's time to answer, and past every
// expiry (a code's 10 minutes at most in production, a check's 2, a prompt's 10).
const STEPS_MINUTES = [1, 11] as const;

/**
 * The sandbox's clock, moved forward from the page (POST /api/sandbox/clock), so that an
 * expired code, a timed-out prompt or an expired check can be seen without waiting: the page
 * of the verification notices on its next look at its status.
 */
export function SandboxClock({ initialOffsetSeconds }: { initialOffsetSeconds: number }) {
  const { t, plural } = useI18n();
  const failureText = useFailureText();
  const [offsetSeconds, setOffsetSeconds] = useState(initialOffsetSeconds);
  const move = useMutation({
    mutationFn: (minutes: number) =>
      apiFetch<{ offsetSeconds: number }>("/api/sandbox/clock", {
        method: "POST",
        json: { seconds: minutes * 60 },
      }),
    onSuccess: ({ offsetSeconds }) => setOffsetSeconds(offsetSeconds),
  });
  const ahead = Math.floor(offsetSeconds / 60);
  return (
    <Card className="space-y-4">
      <div className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-950">{t.sandbox.clockTitle}</h2>
        <p className="text-sm text-slate-600">{t.sandbox.clockLead}</p>
      </div>
      <div className="grid grid-cols-2 gap-2">
        {STEPS_MINUTES.map((minutes) => (
          <Button
            key={minutes}
            variant="secondary"
            pending={move.isPending && move.variables === minutes}
            disabled={move.isPending}
            onClick={() => move.mutate(minutes)}
          >
            {plural(t.sandbox.clockForward, minutes)}
          </Button>
        ))}
      </div>
      <p className="text-sm text-slate-600" role="status" data-testid="sandbox-clock">
        {ahead > 0 ? plural(t.sandbox.clockAhead, ahead) : t.sandbox.clockOnTime}
      </p>
      {move.isError && <Alert quiet>{failureText(move.error)}</Alert>}
    </Card>
  );
}
