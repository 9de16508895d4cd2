import "server-only";
import { createHash } from "node:crypto";
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

const STYLE = `
body{margin:0;min-height:100vh;background:#f8fafc;color:#0f172a;-webkit-font-smoothing:antialiased;
font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main{box-sizing:border-box;width:100%;max-width:36rem;margin:0 auto;padding:1.25rem 1rem}
main{padding-top:0;padding-bottom:3rem}
.name{display:flex;align-items:center;gap:.625rem;font-size:1.125rem;font-weight:600;
letter-spacing:-.025em;color:#020617}
.name svg{width:2rem;height:2rem}
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
:focus-visible{outline:2px solid #1f57cc;outline-offset:2px}
@media (min-width:40rem){h1{font-size:1.875rem;line-height:2.25rem}section{padding:2rem}}`;

/** components/product-mark.tsx, as markup. */
const MARK =
  '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><defs>' +
  '<linearGradient id="mark-fill" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b6ff0"/>' +
  '<stop offset="1" stop-color="#1a47a3"/></linearGradient></defs>' +
  '<rect width="32" height="32" rx="8" fill="url(#mark-fill)"/>' +
  '<rect x="10" y="5.5" width="12" height="21" rx="2.75" fill="none" stroke="#fff" stroke-width="2"/>' +
  '<path d="M14.5 8.75h3" stroke="#fff" stroke-width="1.5" stroke-linecap="round"/>' +
  '<path d="M12.9 16.6l2.2 2.2 4.1-4.4" fill="none" stroke="#fff" stroke-width="2" ' +
  'stroke-linecap="round" stroke-linejoin="round"/></svg>';

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * Only this page's own script and style run; no site may frame it (a framed Continue button
 * could be clicked for someone who never meant to).
 */
export const OPEN_PAGE_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );

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
    `<title>${escape(t.session.title)} · ${escape(t.app.name)}</title>` +
    `<style>${STYLE}</style></head><body>` +
    `<header><div class="name">${MARK}${escape(t.app.name)}</div></header>` +
    `<main><h1>${escape(t.session.title)}</h1>` +
    `<p>${escape(format(t.session.forApp, { host }))}</p>` +
    `<section><p>${escape(t.session.openText)}</p>` +
    `<form method="post" action="${escape(action)}" id="${FORM_ID}">` +
    `<button type="submit">${escape(t.session.openContinue)}</button></form></section></main>` +
    `<script>${SCRIPT}</script></body></html>`
  );
}
