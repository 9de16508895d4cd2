import "server-only";
import { BASE_STYLE, cspHash, escapeHtml, PRODUCT_MARK } from "@/lib/api/standalone-page";
import { messagesFor } from "@/lib/i18n/catalogue";
import { format } from "@/lib/i18n/format";
import { locales, type Locale } from "@/lib/i18n/locales";
import type { HandoffQuestion } from "@/lib/methods/phonecheck/handoff";

// The page GET /phone-check/open/:token answers a phone that did not start the check
// (./route.ts, docs/security.md#phonecheck): which site asks, for which number (masked), the
// warning, and two ways on: Continue (a form that posts back to the link: only that binds the
// phone and opens the check) and "This wasn't me" (a page of ours that binds nothing). No
// script: nothing happens without the person's tap, unlike the session's open page
// (app/session/[id]/open/open-page.ts), whose look this follows: a route handler has neither
// the root layout nor the built stylesheet, so the page is one small document of its own,
// drawn like the app (components/ui.tsx's Card, primary and secondary buttons and error Alert,
// app/globals.css's colours, the header's mark and name).

const STYLE = `${BASE_STYLE}
section{padding:1.5rem;border:1px solid #e2e8f0;border-radius:1rem;background:#fff;
box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
h1{margin:0;font-size:1.25rem;line-height:1.75rem;font-weight:600;letter-spacing:-.025em;color:#020617}
.number{white-space:nowrap}
p{margin:.5rem 0 0;color:#475569;line-height:1.5rem}
.note{margin-top:1.25rem;padding:.75rem 1rem;border:1px solid #bae6fd;border-radius:.75rem;
background:#f0f9ff;color:#0c4a6e;font-size:.875rem;line-height:1.25rem}
.warning{margin-top:1.25rem;padding:.75rem 1rem;border:1px solid #fecaca;border-radius:.75rem;
background:#fef2f2;color:#7f1d1d;font-size:.875rem;line-height:1.25rem}
.warning p{margin:0;color:inherit;line-height:1.25rem}
.warning p+p{margin-top:.25rem}
.warning strong{font-weight:600}
.actions{display:grid;gap:.75rem;margin-top:1.5rem}
form{margin:0}
button,a.secondary{box-sizing:border-box;display:flex;width:100%;min-height:2.75rem;
align-items:center;justify-content:center;padding:.625rem 1rem;border-radius:.75rem;font:inherit;
font-size:.875rem;line-height:1.25rem;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
button{border:0;background:#1f57cc;color:#fff;
box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
button:hover{background:#1a47a3}
a.secondary{border:1px solid #cbd5e1;background:#fff;color:#0f172a}
a.secondary:hover{background:#f8fafc}
.sandbox{margin:0 0 1rem;padding:.5rem .75rem;border-radius:.75rem;background:#fef3c7;
color:#451a03;font-size:.875rem;line-height:1.25rem;text-align:center}
nav{display:flex;justify-content:center;gap:.25rem;margin-top:1.5rem}
nav a{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 .75rem;border-radius:.5rem;color:#334155;font-size:.875rem;font-weight:500;
text-decoration:none}
nav a:hover{background:#e2e8f0}
nav a[aria-current]{background:#fff;color:#020617;box-shadow:0 1px 2px 0 rgb(0 0 0/.05)}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (min-width:40rem){section{padding:2rem}}`;

/**
 * Only this page's own style; no script at all; no site may frame it (a framed Continue could
 * be clicked for someone who never meant to).
 */
export const CONSENT_PAGE_POLICY = [
  "default-src 'none'",
  `style-src ${cspHash(STYLE)}`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Where "This wasn't me" goes: a page that says nothing was checked, and takes no token. */
const DECLINED_PAGE = "/phone-check/done?declined=1";

/** `template` with `{phone}` as the masked number, in a span that keeps it on one line. */
function withNumber(template: string, values: Record<string, string>, masked: string): string {
  const [before = "", after = ""] = format(template, { ...values, phone: "\u0000" }).split(
    "\u0000",
  );
  return (
    escapeHtml(before) + `<span class="number">${escapeHtml(masked)}</span>` + escapeHtml(after)
  );
}

/**
 * The languages, as links to this page in each (`?lang=`, which the route also keeps as the
 * person's choice): no script, so no switch that sets a cookie by itself.
 */
function languageLinks(locale: Locale, label: string): string {
  const links = locales.map((each) => {
    const current = each === locale ? ' aria-current="true"' : "";
    const name = escapeHtml(messagesFor(each).meta.language);
    return `<a href="?lang=${each}" lang="${each}" hreflang="${each}"${current}>${name}</a>`;
  });
  return `<nav aria-label="${escapeHtml(label)}">${links.join("")}</nav>`;
}

/**
 * The page asking whether to verify `question.phone` for `question.host`, posting to `action`;
 * in the sandbox, under the banner every page of the app has (no link to the simulated phone:
 * this is the phone).
 */
export function consentPage({
  locale,
  question: { phone, host, offMobile },
  action,
  sandbox,
}: {
  locale: Locale;
  question: HandoffQuestion;
  action: string;
  sandbox: boolean;
}): string {
  const t = messagesFor(locale);
  const w = t.phonecheck;
  // The dots mean nothing read aloud: a screen reader hears the same question in words.
  const spoken = format(w.consentQuestionSpoken, { code: phone.code, digits: phone.last, host });
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(w.consentTitle)} – ${escapeHtml(t.app.name)}</title>` +
    `<style>${STYLE}</style></head><body>` +
    // In the header, as on the app's pages: every word of a page sits in a landmark.
    `<header>${sandbox ? `<p class="sandbox">${escapeHtml(t.app.sandbox)}</p>` : ""}<div class="name">${PRODUCT_MARK}${escapeHtml(t.app.name)}</div></header>` +
    `<main><section>` +
    `<h1><span aria-hidden="true">${withNumber(w.consentQuestion, { host }, phone.masked)}</span>` +
    `<span class="sr">${escapeHtml(spoken)}</span></h1>` +
    `<p>${escapeHtml(format(w.consentText, { host }))}</p>` +
    // Before Continue: over Wi-Fi the check fails on tru.ID's page, a dead end for the person.
    (offMobile ? `<p class="note">${escapeHtml(w.consentWifi)}</p>` : "") +
    `<div class="warning"><p><strong>${escapeHtml(w.consentWarning)}</strong></p>` +
    `<p>${escapeHtml(w.consentWarningText)}</p></div>` +
    `<div class="actions"><form method="post" action="${escapeHtml(action)}">` +
    `<button type="submit">${escapeHtml(w.consentContinue)}</button></form>` +
    `<a class="secondary" href="${escapeHtml(DECLINED_PAGE)}">${escapeHtml(w.consentCancel)}</a></div>` +
    `</section>${languageLinks(locale, t.app.language)}</main></body></html>`
  );
}
