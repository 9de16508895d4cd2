"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { createContext, useContext, type ReactNode } from "react";
import { Alert, Card, Spinner } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import type { AnyDto } from "@/lib/core/dto";
import { verificationQuery } from "@/lib/queries";

// The status view of every method: it polls the status and gives it to the method's panel
// (its child, chosen by the page from the registry), which reads it with useVerification().

type Status = { verification: AnyDto; refresh: () => void };

const StatusContext = createContext<Status | undefined>(undefined);

export function StatusShell({
  id,
  initial,
  children,
}: {
  id: string;
  initial: AnyDto;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  // The page rendered the first state on the server: no spinner before the first poll.
  const query = useQuery({
    ...verificationQuery(id),
    initialData: () => ({ ...initial, receivedAt: Date.now() }),
  });
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: verificationQuery(id).queryKey });

  if (query.isPending) {
    return (
      <Card>
        <Spinner label="Loading…" />
      </Card>
    );
  }
  if (query.isError && !query.data) {
    const missing = query.error instanceof ApiFailure && query.error.status === 404;
    return missing ? <NotFoundCard /> : <Alert>{query.error.message}</Alert>;
  }
  return (
    <StatusContext.Provider value={{ verification: query.data, refresh }}>
      {children}
    </StatusContext.Provider>
  );
}

/**
 * A panel's verification, as its method's DTO (e.g. `useVerification<SmsDto>("sms")`), and a
 * way to poll again at once. The page chose the panel by the verification's method, and the
 * method is checked here, so the panel can rely on its own fields.
 */
export function useVerification<Dto extends AnyDto>(
  method: Dto["method"],
): { verification: Dto; refresh: () => void } {
  const status = useContext(StatusContext);
  if (!status || status.verification.method !== method) {
    throw new Error(`useVerification("${method}") outside its method's status view`);
  }
  // The method matched: this is that method's DTO (lib/methods/dto.ts pins the shapes).
  return { verification: status.verification as Dto, refresh: status.refresh };
}

export function NotFoundCard() {
  return (
    <Card className="space-y-4">
      <Alert>
        We can&apos;t find this verification. It may have been started in another browser, or the
        link is wrong.
      </Alert>
      <Link href="/" className="text-brand-600 inline-block font-medium underline">
        Start a verification
      </Link>
    </Card>
  );
}
