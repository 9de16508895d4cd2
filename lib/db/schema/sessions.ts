import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sessionStatuses } from "@/lib/session-status";

// Times are epoch milliseconds from lib/clock.ts. PostgreSQL twins: lib/db/schema-pg/sessions.ts.

/**
 * A verification another app asked for with its API key (POST /api/v1/sessions), done by the
 * person on our hosted page by one or more verifications (verifications.session_id).
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    keyId: text().notNull(), // the API key that made it: only that key reads it
    status: text({ enum: sessionStatuses }).notNull().default("pending"),
    // Why it ended, as the return URL's `error` says it: "abandoned", "expired", "canceled".
    statusReason: text(),
    // The number the app gave (the person cannot change it); null: the person types one.
    phone: text(),
    methods: text().notNull(), // JSON array of method names, in the app's order of preference
    reference: text(), // the app's own id for it, echoed in the token and the API
    locale: text(),
    returnUrl: text().notNull(),
    // sha256 of the binding secret of the first browser that opened the url: the only one
    // that may verify in it.
    bindingHash: text(),
    // Once verified: the number, by which method, through which verification.
    verifiedPhone: text(),
    method: text(),
    verificationId: text(),
    displayName: text(),
    verifiedAt: integer(),
    // The latest result token handed to the browser, and when an app redeemed it (once).
    tokenJti: text(),
    tokenRedeemedAt: integer(),
    // That token itself, handed out again on every visit of the way back until it nears its
    // expiry (a reload or Back must not replace the one the app may be about to redeem);
    // cleared once redeemed.
    token: text(),
    tokenExpiresAt: integer(),
    expiresAt: integer().notNull(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (table) => [index("sessions_expires_at_idx").on(table.status, table.expiresAt)],
);

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

/**
 * The keys that sign result tokens, when SIGNING_KEY does not give one: generated here, the
 * private half sealed with the server secret. A retired key signs nothing but stays published
 * in the JWKS until the tokens it signed have expired.
 */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text().primaryKey(),
  privateKey: text().notNull(), // sealed PKCS#8 PEM
  publicJwk: text().notNull(), // JSON
  createdAt: integer().notNull(),
  retiredAt: integer(),
});

export type SigningKey = typeof signingKeys.$inferSelect;

/**
 * Webhooks to deliver, written in the same step as the change they announce: delivered at
 * least once, retried with backoff for a day, whatever restarts in between.
 */
export const webhookOutbox = sqliteTable(
  "webhook_outbox",
  {
    id: text().primaryKey(), // the webhook-id header: the same on every retry
    keyId: text().notNull(), // whose URL and secret
    type: text().notNull(), // session.verified, session.failed, session.expired, session.canceled
    payload: text().notNull(), // the JSON body, fixed when written
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer().notNull(),
    // An instance delivering it holds it until then, so that two do not send it at once.
    leaseUntil: integer().notNull().default(0),
    deliveredAt: integer(),
    givenUpAt: integer(),
    lastError: text(),
    createdAt: integer().notNull(),
  },
  (table) => [index("webhook_outbox_due_idx").on(table.deliveredAt, table.nextAttemptAt)],
);

export type OutboxWebhook = typeof webhookOutbox.$inferSelect;
