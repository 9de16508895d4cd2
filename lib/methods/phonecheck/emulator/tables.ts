import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// The tru.ID emulator's own state (docs/providers.md#emulators). Phone numbers are E.164 digits without
// "+", as tru.ID takes them.

/** Access tokens from POST /oauth2/v1/token. */
export const sandboxTruidTokens = sqliteTable("sandbox_truid_tokens", {
  tokenHash: text().primaryKey(), // sha256 of the token
  clientId: text().notNull(),
  scope: text().notNull(),
  expiresAt: integer().notNull(),
  revokedAt: integer(),
  createdAt: integer().notNull(),
});

/** PhoneChecks, v0.1 and v0.2. */
export const sandboxTruidChecks = sqliteTable(
  "sandbox_truid_checks",
  {
    checkId: text().primaryKey(), // UUID
    version: text({ enum: ["v0.1", "v0.2"] }).notNull(),
    phoneNumber: text().notNull(),
    status: text({ enum: ["ACCEPTED", "PENDING", "COMPLETED", "EXPIRED", "ERROR"] }).notNull(),
    match: integer({ mode: "boolean" }), // set when COMPLETED
    errorCode: text(), // set when ERROR
    // v0.2: sha256 of the code minted at the end of the check_url, and what its PATCH reveals.
    codeHash: text(),
    pendingMatch: integer({ mode: "boolean" }),
    hopNonce: text(), // the operator hop's one-visit nonce
    redirectUrl: text(),
    callbackUrl: text(),
    referenceId: text(),
    ttl: integer().notNull(),
    patches: integer().notNull().default(0), // PATCH calls received, replays included
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (table) => [
    index("sandbox_truid_checks_phone_idx").on(table.phoneNumber, table.createdAt),
    index("sandbox_truid_checks_status_idx").on(table.status, table.createdAt),
  ],
);

export type SandboxTruidCheck = typeof sandboxTruidChecks.$inferSelect;

/** Signed callbacks: one row per callback, retried at +10 s, +20 s … up to a minute. */
export const sandboxTruidCallbacks = sqliteTable(
  "sandbox_truid_callbacks",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    checkId: text().notNull(),
    url: text().notNull(),
    body: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer(), // null once delivered or given up
    deliveredAt: integer(),
    lastStatus: integer(), // HTTP status of the last attempt; null if no answer came
    createdAt: integer().notNull(),
  },
  (table) => [index("sandbox_truid_callbacks_due_idx").on(table.nextAttemptAt)],
);

export type SandboxTruidCallback = typeof sandboxTruidCallbacks.$inferSelect;

/** The emulator's RSA signing key, published at /.well-known/jwks.json; kept across restarts. */
export const sandboxTruidKeys = sqliteTable("sandbox_truid_keys", {
  kid: text().primaryKey(),
  publicJwk: text().notNull(),
  privatePem: text().notNull(),
  createdAt: integer().notNull(),
});
