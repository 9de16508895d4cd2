"use client";

import { phoneFeedKey, PhoneSectionCard, usePhoneFeed } from "@/components/simulated-phone-number";
import { NumberRules } from "@/components/number-rules";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { PromptAction, SandboxPrompt } from "@/lib/methods/truecaller/emulator/phone";
import { truecallerNumberRules } from "@/lib/methods/truecaller/emulator/rules";

// The Truecaller app on the simulated phone: consent prompts for this number, answered as the
// person would. Each answer makes the emulator send Truecaller's callback to the app.

type Answer = { prompt: SandboxPrompt; callback: { delivered: boolean; attempts: number } };

export function TruecallerPhoneSection() {
  const [last, setLast] = useState<Answer>();
  const { phone, query } = usePhoneFeed<{ prompts: SandboxPrompt[] }>(
    "truecaller",
    "/api/sandbox/truecaller/phone/prompts",
  );
  const prompts = query.data?.prompts ?? [];
  return (
    <PhoneSectionCard
      title="Truecaller"
      query={query}
      empty={prompts.length === 0 ? "No Truecaller prompts waiting." : undefined}
    >
      <ul className="space-y-3" aria-label="Truecaller prompts">
        {prompts.map((prompt) => (
          <PromptCard key={prompt.requestId} phone={phone} prompt={prompt} onAnswered={setLast} />
        ))}
      </ul>
      {last && <LastAnswer answer={last} />}
      <NumberRules provider="Truecaller" rules={truecallerNumberRules} />
    </PhoneSectionCard>
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
  return (
    <li
      className="space-y-3 rounded-xl bg-slate-100 p-4"
      data-testid="truecaller-prompt"
      data-flow={prompt.flow}
    >
      <div>
        <p className="font-medium">{prompt.partnerName} wants to verify your number</p>
        <p className="text-xs text-slate-500">
          {prompt.flow === "push"
            ? "Truecaller notification"
            : "Opened from a website on this phone"}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          pending={busy === "approve"}
          disabled={answer.isPending}
          onClick={() => answer.mutate("approve")}
        >
          Approve
        </Button>
        <Button
          variant="secondary"
          pending={busy === "decline"}
          disabled={answer.isPending}
          onClick={() => answer.mutate("decline")}
        >
          Decline
        </Button>
        <Button
          variant="secondary"
          pending={busy === "use-another-number"}
          disabled={answer.isPending}
          onClick={() => answer.mutate("use-another-number")}
        >
          Use another number
        </Button>
      </div>
      {answer.isError && <Alert>{answer.error.message}</Alert>}
    </li>
  );
}

function LastAnswer({ answer }: { answer: Answer }) {
  const { status } = answer.prompt;
  const what =
    status === "approved"
      ? "Approved"
      : status === "declined"
        ? "Declined"
        : "Another number chosen";
  return answer.callback.delivered ? (
    <Alert tone="success">{what}: Truecaller told the app.</Alert>
  ) : (
    <Alert>
      {what}, but the app did not acknowledge Truecaller&apos;s callback after{" "}
      {answer.callback.attempts} tries.
    </Alert>
  );
}
