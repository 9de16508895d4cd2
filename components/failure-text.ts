"use client";

import { ApiFailure } from "@/lib/api-client";
import { useI18n } from "./i18n";

// Below two minutes a wait is "a moment", as the server's words say; above it, how long.
const SAY_WAIT_FROM_S = 120;

/**
 * What a failed request tells the person, in their language: the server's message (it answers
 * in the request's language, lib/api/route.ts), or ours when the server never answered. A
 * limit that holds for minutes or hours says for how long: "try again later" alone leaves a
 * person trying again and again. The words say when the limit lifts, not "try again" a second
 * time: the server's own words already say what to do meanwhile.
 */
export function useFailureText(): (error: Error) => string {
  const { t, format, plural } = useI18n();
  return (error) => {
    if (!(error instanceof ApiFailure)) return t.common.network;
    if (error.code === "network") return t.common.network;
    if (error.code === "unknown") return format(t.common.serverAnswered, { status: error.status });
    const wait = error.status === 429 ? Number(error.details.retryAfter) : NaN;
    if (!(wait >= SAY_WAIT_FROM_S)) return error.message;
    // About: rounded, as a person would say it ("less than 5 minutes ago" and then "in about 5
    // minutes" for a wait of 4:10 read as a contradiction).
    const minutes = Math.round(wait / 60);
    const howLong =
      minutes < 90
        ? plural(t.common.limitLiftsMinutes, minutes)
        : plural(t.common.limitLiftsHours, Math.round(minutes / 60));
    return `${error.message} ${howLong}`;
  };
}
