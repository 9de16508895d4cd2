import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { PhoneNumber } from "@/components/phone-number";
import { Rich } from "@/components/rich";
import { StateHeading } from "@/components/state-heading";
import { SuccessMark } from "@/components/success-mark";
import { ButtonLink, Card } from "@/components/ui";
import { callerFromCookies, pageOverHttps } from "@/lib/api/caller";
import { format } from "@/lib/i18n/format";
import { pageMessages } from "@/lib/i18n/page";
import { phoneResult } from "@/lib/methods/phonecheck/phone-result";
import { oneParam } from "@/lib/query-param";

type Query = { searchParams: Promise<{ id?: string | string[]; declined?: string | string[] }> };

/** The check `id` as this phone may see it, read once per request (title and page). */
const load = cache(async (id: string | undefined) => {
  const [{ locale }, list] = await Promise.all([pageMessages(), headers()]);
  const caller = callerFromCookies(list.get("cookie"), locale, pageOverHttps(list));
  return id ? await phoneResult(caller, id) : undefined;
});

// The tab's title says what the page says ("Number verified", "No match for this number"), as
// the status view's titles do, not only that this is the mobile data check.
export async function generateMetadata({ searchParams }: Query): Promise<Metadata> {
  const query = await searchParams;
  const [{ t }, result] = await Promise.all([pageMessages(), load(oneParam(query.id))]);
  const words = t.server.done;
  const shown =
    query.declined !== undefined
      ? words.declinedTitle
      : !result
        ? words.unusableTitle
        : result.status === "approved"
          ? t.verified.title
          : result.status === "pending"
            ? words.checkingTitle
            : (result.title ?? words.failedTitle);
  return { title: format(t.status.titleEnded, { reason: shown }) };
}

// Where the phone lands after a check it opened from the laptop's QR code; and where "This
// wasn't me" on the link's page goes (`declined`): nothing was checked, nothing is changed.
export default async function PhoneCheckDonePage({ searchParams }: Query) {
  const query = await searchParams;
  const declined = query.declined;
  const [{ t }, result] = await Promise.all([pageMessages(), load(oneParam(query.id))]);
  const words = t.server.done;

  if (declined !== undefined) {
    return <Result title={words.declinedTitle}>{words.declinedText}</Result>;
  }
  if (!result) {
    // A link this phone cannot use: it may still verify a number of its own, the one way on
    // that this page can give (the computer's is on the computer), as its words say.
    return (
      <Result
        title={words.unusableTitle}
        action={<ButtonLink href="/">{words.startHere}</ButtonLink>}
      >
        {words.unusableText}
      </Result>
    );
  }
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
  // No match, failed, expired: the ways on (another method, a new check) are on the computer
  // that started the check. The phone's words say why and send the person back there, once
  // (the status view's words tell them what to do on the computer, which read wrong here); and
  // the card offers nothing to tap: "Verify a number on this phone" would lead them away from
  // the verification they are doing.
  return (
    <Result title={result.title ?? words.failedTitle}>
      <Rich
        text={words.phoneEnded[result.reason ?? "unexplained"]}
        values={{ phone: <PhoneNumber value={result.phone} /> }}
      />
    </Result>
  );
}

/**
 * A card like the status page's: the verified one as VerifiedCard, the others as EndedCard. Its
 * heading takes focus, as a new state's does there: the phone comes here at the end of the check
 * (from the operator's redirect), and a screen reader starts from the result.
 */
function Result({
  title,
  success = false,
  action,
  children,
}: {
  title: string;
  success?: boolean;
  /** The way on, below the text. */
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card className={success ? "space-y-5 text-center" : "space-y-5"}>
      {success && <SuccessMark />}
      <div className="space-y-2">
        <StateHeading
          className={`${success ? "text-2xl" : "text-xl"} font-semibold tracking-tight text-slate-950`}
        >
          {title}
        </StateHeading>
        <p className="text-slate-600">{children}</p>
      </div>
      {action}
    </Card>
  );
}
