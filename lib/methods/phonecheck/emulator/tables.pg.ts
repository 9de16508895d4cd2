import { bigint, boolean, index, integer, pgTable, serial, text } from "drizzle-orm/pg-core";

// PostgreSQL twins of ./tables.ts.
const time = () => bigint({ mode: "number" });

export const sandboxTruidTokens = pgTable("sandbox_truid_tokens", {
  tokenHash: text().primaryKey(),
  clientId: text().notNull(),
  scope: text().notNull(),
  expiresAt: time().notNull(),
  revokedAt: time(),
  createdAt: time().notNull(),
});

export const sandboxTruidChecks = pgTable(
  "sandbox_truid_checks",
  {
    checkId: text().primaryKey(),
    version: text({ enum: ["v0.1", "v0.2"] }).notNull(),
    phoneNumber: text().notNull(),
    status: text({ enum: ["ACCEPTED", "PENDING", "COMPLETED", "EXPIRED", "ERROR"] }).notNull(),
    match: boolean(),
    errorCode: text(),
    codeHash: text(),
    pendingMatch: boolean(),
    hopNonce: text(),
    redirectUrl: text(),
    callbackUrl: text(),
    referenceId: text(),
    ttl: integer().notNull(),
    patches: integer().notNull().default(0),
    createdAt: time().notNull(),
    updatedAt: time().notNull(),
  },
  (table) => [
    index("sandbox_truid_checks_phone_idx").on(table.phoneNumber, table.createdAt),
    index("sandbox_truid_checks_status_idx").on(table.status, table.createdAt),
  ],
);

export const sandboxTruidCallbacks = pgTable(
  "sandbox_truid_callbacks",
  {
    id: serial().primaryKey(),
    checkId: text().notNull(),
    url: text().notNull(),
    body: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: time(),
    deliveredAt: time(),
    lastStatus: integer(),
    createdAt: time().notNull(),
  },
  (table) => [index("sandbox_truid_callbacks_due_idx").on(table.nextAttemptAt)],
);

export const sandboxTruidKeys = pgTable("sandbox_truid_keys", {
  kid: text().primaryKey(),
  publicJwk: text().notNull(),
  privatePem: text().notNull(),
  createdAt: time().notNull(),
});
