import { callerOf } from "@/lib/api/caller";
import { BINDING_COOKIE, BINDING_MAX_AGE_S, isHttps, serializeCookie } from "@/lib/api/cookies";
import { route } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { openSession } from "@/lib/sessions/hosted";

// GET /session/:id/open – the url an app sends the person to: binds the session to this
// browser (the first to open it) and goes on to the hosted page
export const GET = route<{ id: string }>(async (request, { params }) => {
  const { id } = await params;
  const opened = await openSession(callerOf(request), id);
  const response = new Response(null, {
    status: 303,
    headers: { Location: `${getEnv().appUrl}/session/${id}`, "Cache-Control": "no-store" },
  });
  if (opened.binding) {
    const cookie = serializeCookie(
      BINDING_COOKIE,
      opened.binding,
      BINDING_MAX_AGE_S,
      isHttps(request),
    );
    response.headers.append("Set-Cookie", cookie);
  }
  // The app said which language the person reads: the page and its texts use it.
  if (opened.locale) {
    response.headers.append(
      "Set-Cookie",
      `${LOCALE_COOKIE}=${opened.locale}; Path=/; Max-Age=31536000; SameSite=Lax`,
    );
  }
  return response;
});
