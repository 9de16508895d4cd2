"use client";

import { useI18n } from "@/components/i18n";
import { NumberRules } from "@/components/number-rules";
import { PhoneFeedSection, type PhoneFeed } from "@/components/simulated-phone-number";
import { usePhoneFormat } from "@/components/start/phone-parser";
import type { InboxMessage } from "./emulator/inbox";

const inbox: PhoneFeed<{ messages: InboxMessage[] }, InboxMessage> = {
  name: "sms",
  words: { title: "messages", empty: "noMessages", label: "inbox" },
  path: "/api/sandbox/phone/messages",
  items: (answer) => answer.messages,
  arrivedAt: (message) => message.receivedAt,
};

/** The simulated phone's SMS inbox, newest first, each code in large type. */
export function SmsPhoneSection() {
  const { t, format, locale } = useI18n();
  const formatPhone = usePhoneFormat();
  return (
    <PhoneFeedSection
      feed={inbox}
      item={(message) => (
        <li key={message.id} className="rounded-xl bg-slate-100 p-4" data-testid="sms-message">
          <div className="flex items-baseline justify-between gap-2 text-xs text-slate-700">
            <span className="whitespace-nowrap">
              {format(t.sandbox.from, { from: formatPhone(`+${message.from}`) })}
            </span>
            <time dateTime={message.receivedAt}>
              {new Date(message.receivedAt).toLocaleTimeString(locale)}
            </time>
          </div>
          {message.code && (
            <p
              className="my-1 text-3xl font-semibold tracking-widest text-slate-950 tabular-nums"
              data-testid="sms-code"
            >
              {message.code}
            </p>
          )}
          <p className="text-sm whitespace-pre-line text-slate-700">{message.body}</p>
        </li>
      )}
    >
      <NumberRules provider="SMS" rules={t.sandbox.smsRules} />
    </PhoneFeedSection>
  );
}
