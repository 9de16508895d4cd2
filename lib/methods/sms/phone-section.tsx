"use client";

import { PhoneSectionCard, usePhoneFeed } from "@/components/simulated-phone-number";
import { NumberRules } from "@/components/number-rules";
import type { InboxMessage } from "./emulator/inbox";
import { smsNumberRules } from "./emulator/rules";

export function SmsPhoneSection() {
  const { query: inbox } = usePhoneFeed<{ messages: InboxMessage[] }>(
    "sms",
    "/api/sandbox/phone/messages",
  );
  const messages = inbox.data?.messages ?? [];
  return (
    <PhoneSectionCard
      title="Messages"
      query={inbox}
      empty={messages.length === 0 ? "No messages yet." : undefined}
    >
      <ul className="space-y-3" aria-label="SMS inbox">
        {messages.map((message) => (
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
      <NumberRules provider="SMS" rules={smsNumberRules} />
    </PhoneSectionCard>
  );
}
