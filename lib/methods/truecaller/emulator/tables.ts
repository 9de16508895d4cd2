import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// The Truecaller emulator's own state (docs/providers.md#emulators). Numbers are E.164 digits without
// "+", as Truecaller writes them.

/** Consent prompts on the simulated phones: flow A pushes and flow B deep links. */
export const sandboxTruecallerRequests = sqliteTable(
  "sandbox_truecaller_requests",
  {
    // Flow A: minted by the emulator (opaque, base64 with "=", "+" and "/"); flow B: the
    // app's requestNonce from the deep link.
    requestId: text().primaryKey(),
    flow: text({ enum: ["push", "deeplink"] }).notNull(),
    phone: text().notNull(), // the phone the prompt shows on
    partnerName: text().notNull(),
    state: text(), // flow A's optional `state`, echoed in the callback
    status: text({ enum: ["pending", "approved", "declined", "another_number"] })
      .notNull()
      .default("pending"),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    answeredAt: integer(),
  },
  (table) => [index("sandbox_truecaller_requests_phone_idx").on(table.phone, table.createdAt)],
);

export type SandboxTruecallerRequest = typeof sandboxTruecallerRequests.$inferSelect;

/** Access tokens the emulator issued on approval: 10 minutes, one user's profile each. */
export const sandboxTruecallerTokens = sqliteTable("sandbox_truecaller_tokens", {
  tokenHash: text().primaryKey(), // sha256 of the token
  requestId: text().notNull(),
  phone: text().notNull(), // whose profile the token opens
  expiresAt: integer().notNull(),
  createdAt: integer().notNull(),
});

/** What the emulator saw and sent: callback deliveries and profile requests, for tests. */
export const sandboxTruecallerTraffic = sqliteTable(
  "sandbox_truecaller_traffic",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text({ enum: ["callback", "profile"] }).notNull(),
    requestId: text(),
    attempt: integer(),
    status: integer(), // HTTP status; null when no answer came (timeout, refused)
    detail: text(),
    createdAt: integer().notNull(),
  },
  (table) => [index("sandbox_truecaller_traffic_kind_idx").on(table.kind, table.createdAt)],
);

export type SandboxTruecallerTraffic = typeof sandboxTruecallerTraffic.$inferSelect;
