import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { GiveUpForm } from "@/components/session/give-up-form";
import { SessionOver } from "@/components/session/session-over";
import { SessionStart } from "@/components/session/session-start";
import { ButtonLink, Card, Note } from "@/components/ui";
import { callerFromCookies, pageOverHttps } from "@/lib/api/caller";
import { getEnv } from "@/lib/env";
import { format } from "@/lib/i18n/format";
import { pageLocale, pageMessages } from "@/lib/i18n/page";
import { methods } from "@/lib/methods/registry";
import { countryOptions } from "@/lib/phone";
import { deviceOf } from "@/lib/core/device";
import { chooseMethod, startPathsFor } from "@/lib/sessions/choose-method";
import { hostedSession } from "@/lib/sessions/hosted";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";

// The hosted page of a verification session (POST /api/v1/sessions): the app's person verifies
// their number here by the methods the app allows, then goes back to the app. `?choose` shows
// the choice again while an attempt is pending (the attempt's "choose another way" link).

type Params = { params: Promise<{ id: string }> };

/** The session `id` as this browser may see it, read once per request (title and page). */
const load = cache(async (id: string) => {
  const [list, locale] = await Promise.all([headers(), pageLocale()]);
  return hostedSession(callerFromCookies(list.get("cookie"), locale, pageOverHttps(list)), id);
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const [session, { t }] = await Promise.all([load(id), pageMessages()]);
  if (session.state === "not_found") return { title: t.server.titles.verificationNotFound };
  if (session.state === "ended") return { title: t.server.titles.sessionOver };
  if (session.state === "elsewhere") return { title: t.server.titles.sessionElsewhere };
  return { title: t.server.titles.session };
}

export default async function SessionPage({
  params,
  searchParams,
}: Params & { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, query, list, { locale, t }] = await Promise.all([
    params,
    searchParams,
    headers(),
    pageMessages(),
  ]);
  const session = await load(id);
  // On Vercel, webhooks due again go out after this answer (lib/sessions/webhook-nudge.ts).
  nudgeWebhooks();
  // A 404, with this segment's card (./not-found.tsx).
  if (session.state === "not_found") notFound();
  // The app's link is /open, which binds the session to this browser; the page alone is not.
  if (session.state === "unopened") redirect(session.openUrl);
  if (session.state === "elsewhere") {
    return (
      <Card className="space-y-4">
        <h1 className="text-xl font-semibold tracking-tight text-slate-950">
          {t.session.elsewhereTitle}
        </h1>
        <p className="text-slate-600">{t.session.elsewhereText}</p>
        {/* Nothing of the session is shown here, not even its app (its origin is this browser's
            to know only once the session is its own): the one way on is our start page. */}
        <ButtonLink href="/">{t.session.elsewhereAction}</ButtonLink>
      </Card>
    );
  }
  // Over: on to the app at once, unless the person came back here from it
  // (components/session/session-over.tsx).
  if (session.state === "ended") {
    return (
      <SessionOver
        sessionId={id}
        returnUrl={session.returnUrl}
        host={session.host}
        outcome={session.outcome}
      />
    );
  }
  if (session.pendingVerificationId && query.choose === undefined) {
    redirect(`/verify/${encodeURIComponent(session.pendingVerificationId)}`);
  }

  const host = new URL(session.appOrigin).host;
  const device = deviceOf(list.get("user-agent"));
  const { first, others } = chooseMethod(session.methods, device, session.phone !== null);
  const env = getEnv();
  const icons = Object.fromEntries(
    session.methods.map((name) => {
      const { Icon } = methods[name];
      return [name, <Icon key={name} />];
    }),
  );
  return (
    <div className="space-y-6">
      {/* The way out of the whole page, above it, as hosted checkouts place theirs. */}
      <GiveUpForm sessionId={session.id} host={host} />
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-950 sm:text-3xl">
          {t.session.title}
        </h1>
        <p className="text-slate-600" data-testid="session-app">
          {format(t.session.forApp, { host })}
        </p>
      </div>
      {first ? (
        <SessionStart
          sessionId={session.id}
          host={host}
          phone={
            session.phone
              ? { e164: session.phone, display: session.phoneDisplay ?? session.phone }
              : undefined
          }
          countries={countryOptions(env.ALLOWED_COUNTRIES, locale)}
          allowedCountries={env.ALLOWED_COUNTRIES}
          first={first}
          others={others}
          startPaths={startPathsFor(session.methods, device)}
          icons={icons}
          onPhone={device !== "desktop"}
        />
      ) : (
        <Card>
          <Note>{format(t.session.noMethods, { host })}</Note>
        </Card>
      )}
    </div>
  );
}
