"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { NumberRules } from "@/components/number-rules";
import {
  phoneFeedKey,
  PhoneFeedSection,
  type PhoneFeed,
} from "@/components/simulated-phone-number";
import { Alert, Button } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { PromptAction, SandboxPrompt } from "@/lib/methods/truecaller/emulator/phone";

// The Truecaller app on the simulated phone: consent prompts for this number, answered as the
// person would (Continue, as Truecaller's own sheet says, Decline, or another number). The
// emulator sends Truecaller's callback to the app for each, except a refused push (flow A), of
// which Truecaller tells the app nothing: the phone says so. A prompt the app no longer waits for
// (its verification ended: replaced by the deep link, timed out) stays, as Truecaller's would,
// said to be over and with no Continue that looks live; an answer to it changes nothing.

type Answer = {
  prompt: SandboxPrompt;
  /** Null when Truecaller sends nothing: a push declined, or another number chosen. */
  callback: { delivered: boolean; attempts: number } | null;
};

const prompts: PhoneFeed<{ prompts: SandboxPrompt[] }, SandboxPrompt> = {
  name: "truecaller",
  words: { title: "truecaller", empty: "noPrompts", label: "prompts" },
  path: "/api/sandbox/truecaller/phone/prompts",
  items: (answer) => answer.prompts,
  arrivedAt: (prompt) => prompt.createdAt,
};

export function TruecallerPhoneSection() {
  const { t } = useI18n();
  const [last, setLast] = useState<Answer>();
  return (
    <PhoneFeedSection
      feed={prompts}
      item={(prompt, { phone }) => (
        <PromptCard key={prompt.requestId} phone={phone} prompt={prompt} onAnswered={setLast} />
      )}
    >
      {last && <LastAnswer key={last.prompt.requestId} answer={last} />}
      <NumberRules provider="Truecaller" rules={t.sandbox.truecallerRules} />
    </PhoneFeedSection>
  );
}

function PromptCard({
  phone,
  prompt,
  onAnswered,
}: {
  phone: string;
  prompt: SandboxPrompt;
  onAnswered: (answer: Answer) => void;
}) {
  const { t, format } = useI18n();
  const failureText = useFailureText();
  const queryClient = useQueryClient();
  const answer = useMutation({
    mutationFn: (action: PromptAction) =>
      apiFetch<Answer>(`/api/sandbox/truecaller/phone/prompts/${action}`, {
        method: "POST",
        json: { requestId: prompt.requestId },
      }),
    onSuccess: onAnswered,
    onSettled: () => queryClient.invalidateQueries({ queryKey: phoneFeedKey("truecaller", phone) }),
  });
  const busy = answer.isPending ? answer.variables : undefined;
  const actions: [PromptAction, string, "primary" | "secondary"][] = [
    ["approve", t.sandbox.continue, prompt.waited ? "primary" : "secondary"],
    ["decline", t.sandbox.decline, "secondary"],
    ["use-another-number", t.sandbox.anotherNumber, "secondary"],
  ];
  return (
    <li
      className="space-y-3 rounded-xl bg-slate-100 p-4"
      data-testid="truecaller-prompt"
      data-flow={prompt.flow}
      data-waited={prompt.waited}
    >
      <div>
        <p className="font-medium">
          {format(t.sandbox.wantsToVerify, { partner: prompt.partnerName })}
        </p>
        <p className="text-xs text-slate-700">
          {prompt.flow === "push" ? t.sandbox.push : t.sandbox.deeplink}
        </p>
      </div>
      {!prompt.waited && (
        <p className="text-sm text-slate-700">{t.truecaller.simulatedPhone.notWaited}</p>
      )}
      {/* In a row where they fit, each as wide as its words need (none wraps); else stacked. */}
      <div className="flex flex-col gap-2 sm:flex-row">
        {actions.map(([action, label, variant]) => (
          <Button
            key={action}
            className="whitespace-nowrap sm:w-auto sm:flex-auto"
            variant={variant}
            pending={busy === action}
            disabled={answer.isPending}
            onClick={() => answer.mutate(action)}
          >
            {label}
          </Button>
        ))}
      </div>
      {answer.isError && <Alert>{failureText(answer.error)}</Alert>}
    </li>
  );
}

/**
 * What the answer did. It takes focus when it appears: the prompt answered, and the button
 * pressed, go away with it.
 */
function LastAnswer({ answer }: { answer: Answer }) {
  const { t, format, plural } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const { status, waited } = answer.prompt;
  const what =
    status === "approved"
      ? t.sandbox.answeredApproved
      : status === "declined"
        ? t.sandbox.answeredDeclined
        : t.sandbox.answeredAnother;
  return (
    <div ref={box} tabIndex={-1} data-focus-target="" data-testid="truecaller-answered">
      {!waited ? (
        // Whatever Truecaller sent, the app had stopped waiting: nothing changed there.
        <Alert tone="info">
          {format(t.truecaller.simulatedPhone.answeredNotWaited, { answer: what })}
        </Alert>
      ) : !answer.callback ? (
        <Alert tone="info">{format(t.sandbox.notTold, { answer: what })}</Alert>
      ) : answer.callback.delivered ? (
        // Told the app: green for a share, neutral for a decline (nothing to celebrate there).
        <Alert tone={status === "approved" ? "success" : "info"}>
          {format(t.sandbox.delivered, { answer: what })}
        </Alert>
      ) : (
        <Alert>{plural(t.sandbox.undelivered, answer.callback.attempts, { answer: what })}</Alert>
      )}
    </div>
  );
}
