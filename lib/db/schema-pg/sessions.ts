import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { sessionStatuses } from "@/lib/session-status";

// PostgreSQL twins of lib/db/schema/sessions.ts.
const time = () => bigint({ mode: "number" });

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    keyId: text().notNull(),
    status: text({ enum: sessionStatuses }).notNull().default("pending"),
    statusReason: text(),
    phone: text(),
    methods: text().notNull(),
    reference: text(),
    locale: text(),
    returnUrl: text().notNull(),
    bindingHash: text(),
    verifiedPhone: text(),
    method: text(),
    verificationId: text(),
    displayName: text(),
    verifiedAt: time(),
    tokenJti: text(),
    tokenRedeemedAt: time(),
    token: text(),
    tokenExpiresAt: time(),
    expiresAt: time().notNull(),
    createdAt: time().notNull(),
    updatedAt: time().notNull(),
  },
  (table) => [index("sessions_expires_at_idx").on(table.status, table.expiresAt)],
);

export const signingKeys = pgTable("signing_keys", {
  kid: text().primaryKey(),
  privateKey: text().notNull(),
  publicJwk: text().notNull(),
  createdAt: time().notNull(),
  retiredAt: time(),
});

export const webhookOutbox = pgTable(
  "webhook_outbox",
  {
    id: text().primaryKey(),
    keyId: text().notNull(),
    type: text().notNull(),
    payload: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: time().notNull(),
    leaseUntil: time().notNull().default(0),
    deliveredAt: time(),
    givenUpAt: time(),
    lastError: text(),
    createdAt: time().notNull(),
  },
  (table) => [index("webhook_outbox_due_idx").on(table.deliveredAt, table.nextAttemptAt)],
);
