import { callerOf } from "@/lib/api/caller";
import { BINDING_COOKIE, BINDING_MAX_AGE_S, isHttps, serializeCookie } from "@/lib/api/cookies";
import { assertSameOrigin } from "@/lib/api/origin";
import { route } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request";
import { openingPage, openSession } from "@/lib/sessions/hosted";
import { OPEN_PAGE_POLICY, openPage } from "./open-page";

// /session/:id/open – the url an app sends the person to (docs/sessions.md#the-loop).
// GET binds nothing: it answers a page whose script posts back here at once (a Continue
// button without JavaScript), so that a link previewer or an email scanner that fetches the
// url, and runs no script, does not take the session from the person. POST binds the session
// to this browser (the first to send it) and goes on to the hosted page.

export const GET = route<{ id: string }>(async (request, { params }) => {
  const { id } = await params;
  const opening = await openingPage(id);
  // Opened already, ended or unknown: the hosted page says which (and sends an ended session
  // back to the app).
  if (!opening) return toHostedPage(id);
  const locale = isLocale(opening.locale) ? opening.locale : requestLocale(request);
  const page = openPage({ locale, host: opening.host, action: `/session/${id}/open` });
  const response = new Response(page, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": OPEN_PAGE_POLICY,
    },
  });
  // The app said which language the person reads: the pages after this one use it too.
  if (opening.locale) response.headers.append("Set-Cookie", localeCookie(opening.locale));
  return response;
});

export const POST = route<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const { id } = await params;
  const opened = await openSession(callerOf(request), id);
  const response = toHostedPage(id);
  if (opened.binding) {
    const cookie = serializeCookie(
      BINDING_COOKIE,
      opened.binding,
      BINDING_MAX_AGE_S,
      isHttps(request),
    );
    response.headers.append("Set-Cookie", cookie);
  }
  if (opened.locale) response.headers.append("Set-Cookie", localeCookie(opened.locale));
  return response;
});

function toHostedPage(id: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: `${getEnv().appUrl}/session/${id}`, "Cache-Control": "no-store" },
  });
}

function localeCookie(locale: string): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
