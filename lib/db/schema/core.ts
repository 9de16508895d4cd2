import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { verificationStatuses } from "@/lib/verification-status";

// Times are epoch milliseconds from lib/clock.ts.

/** One row per attempt to prove ownership of a number, whatever the method. */
export const verifications = sqliteTable(
  "verifications",
  {
    id: text().primaryKey(),
    method: text().notNull(), // a method of lib/methods/registry.ts
    phone: text().notNull(), // E.164 with "+"
    status: text({ enum: verificationStatuses }).notNull().default("pending"),
    // Why the status is what it is, in our words: "send_failed", "no_match", "user_rejected"...
    statusReason: text(),
    // sha256 of the starting browser's binding secret; null for server-to-server APIs.
    bindingHash: text(),
    // The verification session (lib/sessions) this is an attempt of; null outside one.
    sessionId: text(),
    // The caller's own id in the seed-compatible SMS API (Flowroute's `auth_id`).
    authId: text(),
    // The provider's id for this attempt: Truecaller requestId, tru.ID check_id, SMS message id.
    providerRef: text(),
    // SMS: HMAC of the current code, guesses evaluated, sends made.
    codeHash: text(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(0),
    sends: integer().notNull().default(0),
    lastSentAt: integer(),
    // Method-specific data that no other method has (JSON), e.g. a check URL or a flow name.
    providerState: text(),
    displayName: text(),
    expiresAt: integer().notNull(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
    completedAt: integer(),
  },
  (table) => [
    uniqueIndex("verifications_auth_id_unique").on(table.authId),
    index("verifications_provider_ref_idx").on(table.method, table.providerRef),
    index("verifications_expires_at_idx").on(table.status, table.expiresAt),
    index("verifications_session_idx").on(table.sessionId),
  ],
);

export type Verification = typeof verifications.$inferSelect;
export type NewVerification = typeof verifications.$inferInsert;

/** The numbers proven so far, one row per number, the latest proof winning. */
export const verifiedPhones = sqliteTable("verified_phones", {
  phone: text().primaryKey(),
  method: text().notNull(), // a method of lib/methods/registry.ts
  verificationId: text().notNull(),
  displayName: text(),
  verifiedAt: integer().notNull(),
});

export type VerifiedPhone = typeof verifiedPhones.$inferSelect;

/**
 * Rate-limit events, counted per slot of time (a sixtieth of the window): a window's count is
 * the sum of at most about sixty rows, whatever the traffic, rather than one row per event.
 * In the database so that all instances agree (lib/db/rate-limits.ts).
 */
export const rateLimitCounts = sqliteTable(
  "rate_limit_counts",
  {
    bucket: text().notNull(),
    key: text().notNull(),
    slot: integer().notNull(), // the slot's start
    events: integer().notNull(),
    lastAt: integer().notNull(), // the latest event in the slot
  },
  (table) => [primaryKey({ columns: [table.bucket, table.key, table.slot] })],
);

/**
 * Answers to requests sent with an Idempotency-Key: a retry of the same request gets the first
 * answer again, not a second SMS. The key is scoped to the browser that sent it.
 */
export const idempotentRequests = sqliteTable("idempotent_requests", {
  scopedKey: text().primaryKey(), // "<binding hash or anon>:<Idempotency-Key>"
  bodyHash: text().notNull(),
  status: integer(), // null while the first request is being handled
  body: text(), // the answer's JSON
  binding: text(), // a binding secret the answer set, sealed with the server secret
  createdAt: integer().notNull(),
});

/**
 * The latest start per browser (or address), method and number: while it is under way a
 * second one waits for it, and for a moment after it the second one gets its verification.
 */
export const startLocks = sqliteTable("start_locks", {
  key: text().primaryKey(),
  verificationId: text(), // set once the start has made its verification
  createdAt: integer().notNull(),
});
