import { queryOptions } from "@tanstack/react-query";
import { getVerification } from "@/lib/api-client";
import { isFinal } from "@/lib/verification-status";

// Query keys and fetchers in one place.

export const verificationQuery = (id: string) =>
  queryOptions({
    queryKey: ["verification", id],
    // receivedAt lets countdowns run on the server's clock (components/countdown.tsx).
    queryFn: () =>
      getVerification(id).then((answer) => ({ ...answer.verification, receivedAt: Date.now() })),
    // Poll until the verification reaches a final status; a resend makes it pending again
    // and the next fetch restarts the polling.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isFinal(status) ? false : 1500;
    },
    refetchIntervalInBackground: false,
    retry: (failureCount, error) =>
      failureCount < 2 && !("status" in error && error.status === 404),
  });
