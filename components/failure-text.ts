"use client";

import { ApiFailure } from "@/lib/api-client";
import { useI18n } from "./i18n";

/**
 * What a failed request tells the person, in their language: the server's message (it answers
 * in the request's language, lib/api/route.ts), or ours when the server never answered.
 */
export function useFailureText(): (error: Error) => string {
  const { t, format } = useI18n();
  return (error) => {
    if (!(error instanceof ApiFailure)) return t.common.network;
    if (error.code === "network") return t.common.network;
    if (error.code === "unknown") return format(t.common.serverAnswered, { status: error.status });
    return error.message;
  };
}
