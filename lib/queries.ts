import { queryOptions } from "@tanstack/react-query";
import { getVerification } from "@/lib/api-client";
import type { Locale } from "@/lib/i18n/locales";
import { isFinal } from "@/lib/verification-status";

// Query keys and fetchers in one place.

/** Every verification query of `id`, whatever its language: to poll them again at once. */
export const verificationKey = (id: string) => ["verification", id] as const;

// The status carries words in the page's language (its heading and text: `message`), so the
// language is part of the key: after the language switch the page gets its new words, even on
// a verification that has ended and is no longer polled.
export const verificationQuery = (id: string, locale: Locale) =>
  queryOptions({
    queryKey: [...verificationKey(id), locale],
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
    // Dropped once no page shows it: a page that comes back (or back to its old language)
    // starts from the state the server renders then, not from an older one in the cache.
    gcTime: 0,
    retry: (failureCount, error) =>
      failureCount < 2 && !("status" in error && error.status === 404),
  });
