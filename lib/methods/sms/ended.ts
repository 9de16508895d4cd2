import "server-only";
import type { Verification } from "@/lib/db/schema";
import { findSession } from "@/lib/db/sessions";
import type { WordKey } from "@/lib/i18n/catalogue";

/**
 * What a code or a resend for a verification that has ended is told: that its session is over
 * (canceled by the app, given up, expired), where it is one's attempt, else that it is finished.
 */
export async function endedWords(row: Verification): Promise<WordKey> {
  if (row.sessionId !== null && (await findSession(row.sessionId))?.status !== "pending") {
    return "server.errors.sessionEnded";
  }
  return "server.errors.finished";
}
