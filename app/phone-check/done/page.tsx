import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { SuccessMark } from "@/components/success-mark";
import { Card } from "@/components/ui";
import { callerFromCookies, pageOverHttps } from "@/lib/api/caller";
import { pageMessages } from "@/lib/i18n/page";
import { phoneResult } from "@/lib/methods/phonecheck/phone-result";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.done };
}

// Where the phone lands after a check it opened from the laptop's QR code.
export default async function PhoneCheckDonePage({
  searchParams,
}: {
  searchParams: Promise<{ id?: string }>;
}) {
  const { id } = await searchParams;
  const [{ locale, t }, list] = await Promise.all([pageMessages(), headers()]);
  const words = t.server.done;
  const caller = callerFromCookies(list.get("cookie"), locale, pageOverHttps(list));
  const result = id ? await phoneResult(caller, id) : undefined;

  if (!result) return <Result title={words.unusableTitle}>{words.unusableText}</Result>;
  if (result.status === "approved") {
    return (
      <Result title={t.verified.title} success>
        <Rich text={words.verifiedText} values={{ phone: <PhoneNumber value={result.phone} /> }} />
      </Result>
    );
  }
  if (result.status === "pending") {
    return <Result title={words.checkingTitle}>{words.checkingText}</Result>;
  }
  return (
    <Result title={result.status === "rejected" ? words.noMatchTitle : words.failedTitle}>
      {result.message} {words.back}
    </Result>
  );
}

function Result({
  title,
  success = false,
  children,
}: {
  title: string;
  success?: boolean;
  children: ReactNode;
}) {
  return (
    <Card className={`space-y-3 ${success ? "text-center" : ""}`}>
      {success && <SuccessMark />}
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <p className="text-slate-600">{children}</p>
    </Card>
  );
}
