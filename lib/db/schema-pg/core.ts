import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { verificationStatuses } from "@/lib/verification-status";

// PostgreSQL twins of lib/db/schema/core.ts: same tables, columns and indexes. Times are
// epoch milliseconds, hence bigint read as a JS number.
const time = () => bigint({ mode: "number" });

export const verifications = pgTable(
  "verifications",
  {
    id: text().primaryKey(),
    method: text().notNull(), // a method of lib/methods/registry.ts
    phone: text().notNull(),
    status: text({ enum: verificationStatuses }).notNull().default("pending"),
    statusReason: text(),
    bindingHash: text(),
    sessionId: text(),
    authId: text(),
    providerRef: text(),
    codeHash: text(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(0),
    sends: integer().notNull().default(0),
    lastSentAt: time(),
    providerState: text(),
    displayName: text(),
    expiresAt: time().notNull(),
    createdAt: time().notNull(),
    updatedAt: time().notNull(),
    completedAt: time(),
  },
  (table) => [
    uniqueIndex("verifications_auth_id_unique").on(table.authId),
    index("verifications_provider_ref_idx").on(table.method, table.providerRef),
    index("verifications_expires_at_idx").on(table.status, table.expiresAt),
    index("verifications_session_idx").on(table.sessionId),
  ],
);

export const verifiedPhones = pgTable("verified_phones", {
  phone: text().primaryKey(),
  method: text().notNull(), // a method of lib/methods/registry.ts
  verificationId: text().notNull(),
  displayName: text(),
  verifiedAt: time().notNull(),
});

export const rateLimitCounts = pgTable(
  "rate_limit_counts",
  {
    bucket: text().notNull(),
    key: text().notNull(),
    slot: time().notNull(),
    events: integer().notNull(),
    lastAt: time().notNull(),
  },
  (table) => [primaryKey({ columns: [table.bucket, table.key, table.slot] })],
);

export const idempotentRequests = pgTable("idempotent_requests", {
  scopedKey: text().primaryKey(),
  bodyHash: text().notNull(),
  status: integer(),
  body: text(),
  binding: text(),
  createdAt: time().notNull(),
});

export const startLocks = pgTable("start_locks", {
  key: text().primaryKey(),
  verificationId: text(),
  createdAt: time().notNull(),
});
