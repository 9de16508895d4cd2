import "server-only";
import { createHash } from "node:crypto";

// What the app's standalone pages share: the pages a route handler answers itself (a session's
// one-time url, a PhoneCheck link), which have neither the root layout nor the built
// stylesheet. Each is one small document of its own, drawn like the app (app/globals.css's
// colours, the header's mark and name), under a policy that lets only its own style (and
// script, where it has one) run.

/** The page's frame and header, as the app draws them; each page adds its own rules. */
export const BASE_STYLE = `
body{margin:0;min-height:100vh;background:#f8fafc;color:#0f172a;-webkit-font-smoothing:antialiased;
font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main{box-sizing:border-box;width:100%;max-width:36rem;margin:0 auto;padding:1.25rem 1rem}
main{padding-top:0;padding-bottom:3rem}
.name{display:flex;align-items:center;gap:.625rem;font-size:1.125rem;font-weight:600;
letter-spacing:-.025em;color:#020617}
.name svg{width:2rem;height:2rem}
:focus-visible{outline:2px solid #1f57cc;outline-offset:2px}`;

/** components/product-mark.tsx, as markup. */
export const PRODUCT_MARK =
  '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><defs>' +
  '<linearGradient id="mark-fill" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b6ff0"/>' +
  '<stop offset="1" stop-color="#1a47a3"/></linearGradient></defs>' +
  '<rect width="32" height="32" rx="8" fill="url(#mark-fill)"/>' +
  '<rect x="10" y="5.5" width="12" height="21" rx="2.75" fill="none" stroke="#fff" stroke-width="2"/>' +
  '<path d="M14.5 8.75h3" stroke="#fff" stroke-width="1.5" stroke-linecap="round"/>' +
  '<path d="M12.9 16.6l2.2 2.2 4.1-4.4" fill="none" stroke="#fff" stroke-width="2" ' +
  'stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** A Content-Security-Policy source that allows exactly this inline style or script. */
export const cspHash = (text: string) =>
  `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** Text made safe to put in HTML, in an element or a quoted attribute. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );
