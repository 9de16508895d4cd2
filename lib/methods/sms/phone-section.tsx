"use client";

import { useSimulatedPhoneNumber } from "@/components/simulated-phone-number";
import { useQuery } from "@tanstack/react-query";
import { Card, Spinner } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import type { InboxMessage } from "./emulator/inbox";
import { smsNumberRules } from "./emulator/rules";

export function SmsPhoneSection() {
  const phone = useSimulatedPhoneNumber();
  const inbox = useQuery({
    queryKey: ["sandbox", "sms", phone],
    queryFn: () =>
      apiFetch<{ messages: InboxMessage[] }>(
        `/api/sandbox/phone/messages?number=${encodeURIComponent(phone)}`,
      ),
    refetchInterval: 1000,
  });
  return (
    <Card className="space-y-3">
      <h2 className="font-semibold">Messages</h2>
      {inbox.isPending && <Spinner label="Loading messages…" />}
      {inbox.isError && <p className="text-sm text-red-700">{inbox.error.message}</p>}
      {inbox.data?.messages.length === 0 && (
        <p className="text-sm text-slate-600">No messages yet.</p>
      )}
      <ul className="space-y-3" aria-label="SMS inbox">
        {inbox.data?.messages.map((message) => (
          <li key={message.id} className="rounded-xl bg-slate-100 p-3" data-testid="sms-message">
            <div className="flex items-baseline justify-between text-xs text-slate-500">
              <span>From +{message.from}</span>
              <time dateTime={message.receivedAt}>
                {new Date(message.receivedAt).toLocaleTimeString()}
              </time>
            </div>
            {message.code && (
              <p
                className="my-1 font-mono text-3xl font-semibold tracking-widest"
                data-testid="sms-code"
              >
                {message.code}
              </p>
            )}
            <p className="text-sm whitespace-pre-line text-slate-700">{message.body}</p>
          </li>
        ))}
      </ul>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Number rules (SMS)</summary>
        <ul className="mt-2 space-y-1 text-slate-700">
          {Object.entries(smsNumberRules).map(([suffix, rule]) => (
            <li key={suffix}>
              Ending in <code className="font-mono">{suffix}</code>: {rule.replace("_", " ")}
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}
