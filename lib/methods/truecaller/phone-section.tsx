"use client";

import { useSimulatedPhoneNumber } from "@/components/simulated-phone-number";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button, Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { PromptAction, SandboxPrompt } from "@/lib/methods/truecaller/emulator/phone";
import { truecallerNumberRules } from "@/lib/methods/truecaller/emulator/rules";

// The Truecaller app on the simulated phone: consent prompts for this number, answered as the
// person would. Each answer makes the emulator send Truecaller's callback to the app.

type Answer = { prompt: SandboxPrompt; callback: { delivered: boolean; attempts: number } };

const promptsKey = (phone: string) => ["sandbox", "truecaller", phone];

export function TruecallerPhoneSection() {
  const phone = useSimulatedPhoneNumber();
  const [last, setLast] = useState<Answer>();
  const prompts = useQuery({
    queryKey: promptsKey(phone),
    queryFn: () =>
      apiFetch<{ prompts: SandboxPrompt[] }>(
        `/api/sandbox/truecaller/phone/prompts?number=${encodeURIComponent(phone)}`,
      ),
    refetchInterval: 1000,
  });
  return (
    <Card className="space-y-3">
      <h2 className="font-semibold">Truecaller</h2>
      {prompts.isPending && <Spinner label="Loading Truecaller prompts…" />}
      {prompts.isError && <p className="text-sm text-red-700">{prompts.error.message}</p>}
      {prompts.data?.prompts.length === 0 && (
        <p className="text-sm text-slate-600">No Truecaller prompts waiting.</p>
      )}
      <ul className="space-y-3" aria-label="Truecaller prompts">
        {prompts.data?.prompts.map((prompt) => (
          <PromptCard key={prompt.requestId} phone={phone} prompt={prompt} onAnswered={setLast} />
        ))}
      </ul>
      {last && <LastAnswer answer={last} />}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Number rules (Truecaller)</summary>
        <ul className="mt-2 space-y-1 text-slate-700">
          {Object.entries(truecallerNumberRules).map(([suffix, rule]) => (
            <li key={suffix}>
              Ending in <code className="font-mono">{suffix}</code>: {rule.replaceAll("_", " ")}
            </li>
          ))}
        </ul>
      </details>
    </Card>
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
    onSettled: () => queryClient.invalidateQueries({ queryKey: promptsKey(phone) }),
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
