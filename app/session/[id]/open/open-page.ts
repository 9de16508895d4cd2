import "server-only";
import { BASE_STYLE, cspHash, escapeHtml, PRODUCT_MARK } from "@/lib/api/standalone-page";
import { messagesFor } from "@/lib/i18n/catalogue";
import { format } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";

// The page GET /session/:id/open answers (./route.ts): a form that posts back to the url, sent
// at once by the page's script, or by its Continue button in a browser without JavaScript.
// A route handler has neither the root layout nor the built stylesheet, so the page is one
// small document of its own, drawn like the hosted page (components/ui.tsx's Card and primary
// button, app/globals.css's colours, the header's mark and name): most people see it only for
// the moment the script takes.

const FORM_ID = "open-session";

/** Sends the form as a click on Continue would: the POST binds, the GET never does. */
const SCRIPT = `document.getElementById("${FORM_ID}").submit();`;

const STYLE = `${BASE_STYLE}
h1{margin:0;font-size:1.5rem;line-height:2rem;font-weight:600;letter-spacing:-.025em;color:#020617}
p{margin:.25rem 0 0;color:#475569;line-height:1.5rem}
section{margin-top:1.5rem;padding:1.5rem;border:1px solid #e2e8f0;border-radius:1rem;background:#fff;
box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
section p{margin:0 0 1rem}
button{display:flex;width:100%;min-height:2.75rem;align-items:center;justify-content:center;
padding:.625rem 1rem;border:0;border-radius:.75rem;background:#1f57cc;color:#fff;font:inherit;
font-size:.875rem;line-height:1.25rem;font-weight:600;cursor:pointer;
box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
button:hover{background:#1a47a3}
@media (min-width:40rem){h1{font-size:1.875rem;line-height:2.25rem}section{padding:2rem}}`;

/**
 * Only this page's own script and style run; no site may frame it (a framed Continue button
 * could be clicked for someone who never meant to).
 */
export const OPEN_PAGE_POLICY = [
  "default-src 'none'",
  `script-src ${cspHash(SCRIPT)}`,
  `style-src ${cspHash(STYLE)}`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** The page for a session of the app at `host`, whose form posts to `action`. */
export function openPage({
  locale,
  host,
  action,
}: {
  locale: Locale;
  host: string;
  action: string;
}): string {
  const t = messagesFor(locale);
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(t.session.title)} – ${escapeHtml(t.app.name)}</title>` +
    `<style>${STYLE}</style></head><body>` +
    `<header><div class="name">${PRODUCT_MARK}${escapeHtml(t.app.name)}</div></header>` +
    `<main><h1>${escapeHtml(t.session.title)}</h1>` +
    `<p>${escapeHtml(format(t.session.forApp, { host }))}</p>` +
    `<section><p>${escapeHtml(t.session.openText)}</p>` +
    `<form method="post" action="${escapeHtml(action)}" id="${FORM_ID}">` +
    `<button type="submit">${escapeHtml(t.session.openContinue)}</button></form></section></main>` +
    `<script>${SCRIPT}</script></body></html>`
  );
}
