// The statuses of a verification session (POST /api/v1/sessions). Client-safe.
//   pending → verified | failed (the person gave up) | expired | canceled (the app canceled it)

export const sessionStatuses = ["pending", "verified", "failed", "expired", "canceled"] as const;

export type SessionStatus = (typeof sessionStatuses)[number];

/** How a session ended. */
export type EndedStatus = Exclude<SessionStatus, "pending">;
