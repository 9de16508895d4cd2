"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useId, useState, type ReactNode } from "react";
import { ApiFailure, verificationOf } from "@/lib/api-client";
import { anyPhoneMethod, type MethodName } from "@/lib/method-names";
import { asksForChallenge, Challenge } from "./challenge";
import { useSecondsLeft } from "./countdown";
import { resumeOrStart } from "./resumable-attempts";
import { useFailureText } from "./failure-text";
import { useI18n } from "./i18n";
import { useOtherMethods, useSessionLink, useStartPath } from "./status-shell";
import { Alert, Button } from "./ui";

/** `seconds` from now, with now as the clock it is counted on (components/countdown.tsx). */
function fromNow(seconds: number): { until: string; serverTime: string; receivedAt: number } {
  const at = Date.now();
  return {
    until: new Date(at + seconds * 1000).toISOString(),
    serverTime: new Date(at).toISOString(),
    receivedAt: at,
  };
}

/** A start that did not go through: the check to solve (then `retry` with it), or why. */
export type SwitchProblem = { error: Error; retry: (challenge: string) => void };

/**
 * Goes on with the same number by another method, in one click: back to this tab's attempt of
 * it while that is still pending (components/resumable-attempts.ts), else a new one. When the
 * server asks for the proof-of-work check first (an SMS past the traffic threshold), the check
 * shows below the button, and its solution sends the start again. Inside a group of buttons
 * (OtherMethods), the group shows it instead (below the same button, one at a time): `onProblem`.
 */
export function SwitchMethodButton({
  phone,
  method,
  children,
  variant = "primary",
  disabled = false,
  replaces,
  onProblem,
}: {
  phone: string;
  method: MethodName;
  children: ReactNode;
  /** This pending verification is over once the new one starts: a new one, not a return to it. */
  replaces?: string;
  variant?: "primary" | "secondary" | "quiet";
  /** Not yet (its words say until when). */
  disabled?: boolean;
  onProblem?: (problem: SwitchProblem | undefined) => void;
}) {
  const router = useRouter();
  // Inside a session, the new verification is another attempt of it.
  const sessionLink = useSessionLink();
  const session = sessionLink?.id;
  const startPath = useStartPath(method);
  // Refused with a time to come back (a budget of the number or the network): the button waits
  // till then, as the resend does, rather than invite clicks that each get the same refusal.
  const [refusedUntil, setRefusedUntil] = useState<ReturnType<typeof fromNow>>();
  const refusedFor = useSecondsLeft(
    refusedUntil?.until ?? null,
    refusedUntil ?? { serverTime: new Date(0).toISOString() },
  );
  const start = useMutation({
    mutationFn: (challenge?: string) =>
      resumeOrStart({ method, phone, session, challenge, replaces }, startPath),
    onMutate: () => onProblem?.(undefined),
    // In place of another: Back does not lead to the one that is over.
    onSuccess: ({ verification }) =>
      replaces
        ? router.replace(`/verify/${verification.id}`)
        : router.push(`/verify/${verification.id}`),
    onError: (error) => {
      const retryAfter = error instanceof ApiFailure ? error.details.retryAfter : undefined;
      if (typeof retryAfter === "number") setRefusedUntil(fromNow(retryAfter));
      // An SMS that could not be sent still made a verification: its page offers the resend.
      const verification = verificationOf(error);
      if (verification) router.push(`/verify/${verification.id}`);
      else onProblem?.({ error, retry: (challenge) => start.mutate(challenge) });
    },
  });
  const problem = start.isError && !verificationOf(start.error) ? start.error : undefined;
  return (
    <div className="space-y-2">
      <Button
        variant={variant}
        pending={start.isPending || start.isSuccess}
        // Asked for the check below it: its solution sends the start, not another press.
        disabled={
          disabled || (refusedFor ?? 0) > 0 || (problem !== undefined && asksForChallenge(problem))
        }
        onClick={() => start.mutate(undefined)}
      >
        {children}
      </Button>
      {problem && !onProblem && <ProblemBelow problem={{ error: problem, retry: start.mutate }} />}
    </div>
  );
}

/** The check a start asks for, or why it failed. */
function ProblemBelow({ problem }: { problem: SwitchProblem }) {
  const failureText = useFailureText();
  return asksForChallenge(problem.error) ? (
    <Challenge onSolved={problem.retry} />
  ) : (
    <Alert>{failureText(problem.error)}</Alert>
  );
}

/**
 * The other ways to verify the same number, each a button: SMS first (every phone can take it),
 * or in a session the app's order of preference; then `also` (this method again), when given,
 * or before them when `also.first` (the likelier way on: a check that ran out of time unused).
 * The first is primary when `primary` (the way on after a dead end), the others secondary; all
 * are secondary when `secondary` (an ended card whose own primary way on is above them: a new
 * code), as on every ended card. Otherwise the card waits for something of its own (a code to
 * type, a prompt to answer): the others are a group apart, labelled, in the quiet look, so that
 * they do not speak as loud as it. A check or
 * an error that a start meets shows directly below the button that met it (the one it belongs
 * to), and only the latest one: a new start clears it.
 */
export function OtherMethods({
  phone,
  primary = false,
  secondary = false,
  also,
}: {
  phone: string;
  primary?: boolean;
  secondary?: boolean;
  also?: {
    method: MethodName;
    label: string;
    disabled?: boolean;
    first?: boolean;
    replaces?: string;
  };
}) {
  const { t } = useI18n();
  const labelId = useId();
  const inSession = useSessionLink() !== undefined;
  const offered = useOtherMethods();
  const [problem, setProblem] = useState<SwitchProblem & { method: MethodName }>();
  const others = inSession
    ? offered
    : [...offered].sort((a, b) => Number(b === anyPhoneMethod) - Number(a === anyPhoneMethod));
  const switches = others.map((method) => ({
    method,
    label: t.methods[method].switchTo,
    disabled: false,
    replaces: undefined,
  }));
  const again = also ? [also] : [];
  const buttons = also?.first ? [...again, ...switches] : [...switches, ...again];
  if (buttons.length === 0) return null;
  const list = (
    <>
      {buttons.map(({ method, label, disabled, replaces }, index) => (
        <Fragment key={method}>
          <SwitchMethodButton
            phone={phone}
            method={method}
            variant={
              primary ? (index === 0 ? "primary" : "secondary") : secondary ? "secondary" : "quiet"
            }
            disabled={disabled}
            replaces={replaces}
            onProblem={(found) => setProblem(found && { ...found, method })}
          >
            {label}
          </SwitchMethodButton>
          {problem?.method === method && <ProblemBelow problem={problem} />}
        </Fragment>
      ))}
    </>
  );
  // Offered as the way on (primary or secondary buttons), the list stands alone; otherwise it is
  // a group under its own words. One element either way, so that when a page turns its other
  // ways into the way on (a prompt nobody answered), the button with focus stays where it was.
  const grouped = !(primary || secondary);
  return (
    <div
      role={grouped ? "group" : undefined}
      aria-labelledby={grouped ? labelId : undefined}
      className={grouped ? "space-y-1 pt-2" : "space-y-2"}
    >
      {grouped && (
        <p id={labelId} className="text-center text-sm text-slate-600">
          {t.common.otherWays}
        </p>
      )}
      {list}
    </div>
  );
}
