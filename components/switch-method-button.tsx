"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { startVerification, verificationOf } from "@/lib/api-client";
import { anyPhoneMethod, type MethodName } from "@/lib/method-names";
import { asksForChallenge, Challenge } from "./challenge";
import { useFailureText } from "./failure-text";
import { useI18n } from "./i18n";
import { useOtherMethods, useSessionLink } from "./status-shell";
import { Alert, Button } from "./ui";

/**
 * Starts a new verification of the same number by another method, in one click. When the
 * server asks for the proof-of-work check first (an SMS past the traffic threshold), the check
 * shows below the button, and its solution sends the start again.
 */
export function SwitchMethodButton({
  phone,
  method,
  children,
  variant = "primary",
}: {
  phone: string;
  method: MethodName;
  children: ReactNode;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  const failureText = useFailureText();
  // Inside a session, the new verification is another attempt of it.
  const session = useSessionLink()?.id;
  const start = useMutation({
    mutationFn: (challenge?: string) => startVerification({ method, phone, session, challenge }),
    onSuccess: ({ verification }) => router.push(`/verify/${verification.id}`),
    // An SMS that could not be sent still made a verification: its page offers the resend.
    onError: (error) => {
      const verification = verificationOf(error);
      if (verification) router.push(`/verify/${verification.id}`);
    },
  });
  const { mutate } = start;
  const problem = start.isError && !verificationOf(start.error) ? start.error : undefined;
  return (
    <div className="space-y-2">
      <Button
        variant={variant}
        pending={start.isPending || start.isSuccess}
        onClick={() => mutate(undefined)}
      >
        {children}
      </Button>
      {problem &&
        (asksForChallenge(problem) ? (
          <Challenge onSolved={mutate} />
        ) : (
          <Alert>{failureText(problem)}</Alert>
        ))}
    </div>
  );
}

/**
 * The other ways to verify the same number, each a button: SMS first (every phone can take it),
 * or in a session the app's order of preference. The first is primary when `primary` (the way
 * on after a dead end).
 */
export function OtherMethods({ phone, primary = false }: { phone: string; primary?: boolean }) {
  const { t } = useI18n();
  const inSession = useSessionLink() !== undefined;
  const offered = useOtherMethods();
  const others = inSession
    ? offered
    : [...offered].sort((a, b) => Number(b === anyPhoneMethod) - Number(a === anyPhoneMethod));
  return (
    <>
      {others.map((method, index) => (
        <SwitchMethodButton
          key={method}
          phone={phone}
          method={method}
          variant={primary && index === 0 ? "primary" : "secondary"}
        >
          {t.methods[method].switchTo}
        </SwitchMethodButton>
      ))}
    </>
  );
}
