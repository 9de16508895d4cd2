"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useSyncExternalStore } from "react";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { useSessionLink } from "@/components/status-shell";
import { Alert, Button } from "@/components/ui";
import { apiFetch, type VerificationAnswer } from "@/lib/api-client";

// Flow B (docs/providers.md#flow-b-mobile-web-deep-link): on an Android browser, Truecaller's consent sheet opens from a
// truecallersdk:// link carrying our nonce. It works only where the app is installed and
// signed in; the page finds out by whether it lost focus (Truecaller's documented check).

const FOCUS_CHECK_MS = 600;

const noSubscription = () => () => undefined;

/** Truecaller's deep link is supported on Android browsers only (its mobile-web FAQ). */
export function useIsAndroid(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => /Android/i.test(navigator.userAgent),
    () => false,
  );
}

/**
 * Starts a flow B verification of the same number in place of the push `replaces` (which the
 * server ends: one live request at a time), and goes to its page instead of the push's.
 */
export function UseThisPhoneButton({ phone, replaces }: { phone: string; replaces: string }) {
  const { t } = useI18n();
  const failureText = useFailureText();
  const router = useRouter();
  // Inside a verification session, the deep-link start is another attempt of it.
  const session = useSessionLink();
  const start = useMutation({
    mutationFn: () =>
      apiFetch<VerificationAnswer>("/api/truecaller/deep-link", {
        method: "POST",
        json: { phone, replaces, ...(session ? { session: session.id } : {}) },
      }),
    // The push's page is over: Back does not lead to it.
    onSuccess: ({ verification }) => router.replace(`/verify/${verification.id}`),
  });
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{t.truecaller.onThisPhone}</p>
      <Button pending={start.isPending || start.isSuccess} onClick={() => start.mutate()}>
        {t.truecaller.useThisPhone}
      </Button>
      {start.isError && <Alert>{failureText(start.error)}</Alert>}
    </div>
  );
}

/**
 * Opens the link (a click, so that the browser lets a custom scheme through) and tells whether
 * Truecaller took it. In the sandbox there is no Truecaller app to receive it: the simulated
 * phone of this number does. The panel shows what follows (components are not nested here so
 * that "it did not open" can replace the waiting box and offer the other methods once).
 */
export function useOpenTruecaller({
  link,
  sandbox,
  phone,
}: {
  link: string;
  sandbox: boolean;
  phone: string;
}) {
  return useMutation({
    mutationFn: async (): Promise<boolean> => {
      if (sandbox) {
        const result = await apiFetch<{ opened: boolean }>(
          "/api/sandbox/truecaller/phone/deep-link",
          {
            method: "POST",
            json: { link, number: phone },
          },
        );
        return result.opened;
      }
      window.location.href = link;
      await new Promise((resolve) => setTimeout(resolve, FOCUS_CHECK_MS));
      // Still focused: nothing took over the screen, so Truecaller is absent or signed out.
      return !document.hasFocus();
    },
  });
}
