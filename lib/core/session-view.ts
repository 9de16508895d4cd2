import type { Verification } from "@/lib/db/schema";
import type { Session } from "@/lib/db/schema";
import type { SessionStatus } from "@/lib/session-status";
import { statusAt } from "./endings";

/** A session as the API, its webhooks and its client show it. */
export type SessionView = {
  id: string;
  status: SessionStatus;
  /** The verified number, else the number the app gave, else null. */
  phone: string | null;
  /** The method that verified it. */
  method: string | null;
  /**
   * The person's name, where the method that verified the number gave one (Truecaller): as the
   * result token's `name`, so that an app that asks (GET, redeem, the webhook) learns it too.
   */
  name: string | null;
  reference: string | null;
  verified_at: string | null;
  expires_at: string;
  created_at: string;
  /** Each verification tried in it, oldest first. */
  attempts: { method: string; status: string; reason: string | null }[];
};

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/**
 * The session as the API shows it at `at`. Each attempt as its own status poll would find it:
 * a code that timed out reads expired though nothing has written that yet.
 */
export function sessionView(session: Session, attempts: Verification[], at: number): SessionView {
  return {
    id: session.id,
    status: session.status,
    phone: session.verifiedPhone ?? session.phone,
    method: session.method,
    name: session.displayName,
    reference: session.reference,
    verified_at: iso(session.verifiedAt),
    expires_at: new Date(session.expiresAt).toISOString(),
    created_at: new Date(session.createdAt).toISOString(),
    attempts: attempts.map((attempt) => ({ method: attempt.method, ...statusAt(attempt, at) })),
  };
}

/** What each ending of a session is called in its webhook. */
export const eventOf = {
  verified: "session.verified",
  failed: "session.failed",
  expired: "session.expired",
  canceled: "session.canceled",
} as const;
