import "server-only";
import { cookies, headers } from "next/headers";
import { clientMessages, messagesFor } from "./catalogue";
import { LOCALE_COOKIE, pickLocale, type Locale } from "./locales";

/** The language of the page being rendered: the switch's cookie, else Accept-Language. */
export async function pageLocale(): Promise<Locale> {
  const [jar, list] = await Promise.all([cookies(), headers()]);
  return pickLocale(jar.get(LOCALE_COOKIE)?.value, list.get("accept-language"));
}

/** The page's language and its whole catalogue, for server components. */
export async function pageMessages() {
  const locale = await pageLocale();
  return { locale, t: messagesFor(locale), client: clientMessages(locale) };
}
