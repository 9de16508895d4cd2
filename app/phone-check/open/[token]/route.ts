import { browserRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { isLocale } from "@/lib/i18n/locales";
import { openHandoff, viewHandoff } from "@/lib/methods/phonecheck/handoff";
import { CONSENT_PAGE_POLICY, consentPage } from "./consent-page";
import { otherMethods } from "@/lib/api/not-allowed";

// /phone-check/open/:token – the link in the QR code (docs/security.md#phonecheck).
// GET binds nothing (it only marks an overdue check expired, as any read of it does): a phone
// that did not start the check gets a page that says which site asks and for which number, and
// asks first (./consent-page.ts), so that a link somebody else sent proves nothing without the
// person's yes, and a link previewer that fetches the link leaves it to the phone. The browser
// that started the check, or the phone that already said yes, goes on to the check at once.
// POST (the page's Continue, same-origin only, like every POST of ours) binds this phone, the
// first to send it, and opens tru.ID's check URL.

// The link carries its token: it goes to no one else, nor does the page's own address. The
// page itself says same-origin rather than no-referrer: under no-referrer a browser sends its
// form's POST with `Origin: null`, which the same-origin check cannot tell from a stranger's.
const NO_REFERRER = { "Referrer-Policy": "no-referrer" };
const SAME_ORIGIN_REFERRER = { "Referrer-Policy": "same-origin" };

export const GET = browserRoute<{ token: string }>(async ({ caller, params, request }) => {
  const view = await viewHandoff(caller, params.token);
  if ("redirect" in view) return { redirect: view.redirect, headers: NO_REFERRER };
  // The page's language links (?lang=) choose for this page, and for the app's pages after it.
  const url = new URL(request.url);
  const chosen = url.searchParams.get("lang");
  const locale = isLocale(chosen) ? chosen : (caller.locale ?? "en");
  return {
    html: consentPage({
      locale,
      question: view.ask,
      action: url.pathname,
      sandbox: getEnv().sandboxEnabled,
    }),
    headers: { ...SAME_ORIGIN_REFERRER, "Content-Security-Policy": CONSENT_PAGE_POLICY },
    locale: isLocale(chosen) ? chosen : undefined,
  };
});

export const POST = browserRoute<{ token: string }>(async ({ caller, params }) => {
  const { location, binding } = await openHandoff(caller, params.token);
  return {
    redirect: location,
    headers: NO_REFERRER,
    binding,
    // The check is now this phone's: a binding cookie from an earlier visit must not run out
    // before the phone comes back from its operator.
    renewBinding: true,
  };
});

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
