"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { startVerification, verificationOf } from "@/lib/api-client";
import { Alert, Button } from "./ui";

/** Starts a new verification of the same number by another method, in one click. */
export function SwitchMethodButton({
  phone,
  method,
  children,
  variant = "primary",
}: {
  phone: string;
  /** A method of the registry: "sms", "truecaller" or "phonecheck". */
  method: string;
  children: ReactNode;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  const start = useMutation({
    mutationFn: () => startVerification({ method, phone }),
    onSuccess: ({ verification }) => router.push(`/verify/${verification.id}`),
    // An SMS that could not be sent still made a verification: its page offers the resend.
    onError: (error) => {
      const verification = verificationOf(error);
      if (verification) router.push(`/verify/${verification.id}`);
    },
  });
  return (
    <div className="space-y-2">
      <Button variant={variant} pending={start.isPending} onClick={() => start.mutate()}>
        {children}
      </Button>
      {start.isError && <Alert>{start.error.message}</Alert>}
    </div>
  );
}
