import { browserRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { isLocale } from "@/lib/i18n/locales";
import { openingPage, openSession, sessionPath } from "@/lib/sessions/hosted";
import { OPEN_PAGE_POLICY, openPage } from "./open-page";
import { otherMethods } from "@/lib/api/not-allowed";

// /session/:id/open – the url an app sends the person to (docs/sessions.md#the-loop).
// GET binds nothing: it answers a page whose script posts back here at once (a Continue
// button without JavaScript), so that a link previewer or an email scanner that fetches the
// url, and runs no script, does not take the session from the person. POST binds the session
// to this browser (the first to send it) and goes on to the hosted page.

export const GET = browserRoute<{ id: string }>(async ({ caller, params: { id } }) => {
  const opening = await openingPage(id);
  // Opened already, ended or unknown: the hosted page says which (and sends an ended session
  // back to the app).
  if (!opening) return { redirect: hostedPage(id) };
  const locale = isLocale(opening.locale) ? opening.locale : (caller.locale ?? "en");
  const page = openPage({ locale, host: opening.host, action: sessionPath(id, "/open") });
  return {
    html: page,
    headers: { "Content-Security-Policy": OPEN_PAGE_POLICY },
    // The app said which language the person reads: the pages after this one use it too.
    locale: opening.locale,
  };
});

export const POST = browserRoute<{ id: string }>(async ({ caller, params: { id } }) => {
  const opened = await openSession(caller, id);
  return {
    redirect: hostedPage(id),
    binding: opened.binding,
    // A binding cookie from an earlier visit would otherwise run out on its own clock, perhaps
    // while the session runs, and the person would find it "opened elsewhere".
    renewBinding: true,
    locale: opened.locale,
  };
});

function hostedPage(id: string): string {
  return `${getEnv().appUrl}${sessionPath(id)}`;
}

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
