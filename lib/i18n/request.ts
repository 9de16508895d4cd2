import "server-only";
import { readCookie } from "@/lib/cookies";
import { LOCALE_COOKIE, pickLocale, type Locale } from "./locales";

/** The language of an API request: the switch's cookie, else its Accept-Language. */
export function requestLocale(request: Request): Locale {
  const header = request.headers;
  return pickLocale(readCookie(header.get("cookie"), LOCALE_COOKIE), header.get("accept-language"));
}
