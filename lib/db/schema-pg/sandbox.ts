import { bigint, boolean, integer, pgTable, text } from "drizzle-orm/pg-core";

// PostgreSQL twin of lib/db/schema/sandbox.ts.
export const sandboxWebhooks = pgTable("sandbox_webhooks", {
  id: text().primaryKey(),
  type: text().notNull(),
  sessionId: text(),
  payload: text().notNull(),
  signatureValid: boolean().notNull(),
  deliveries: integer().notNull().default(1),
  receivedAt: bigint({ mode: "number" }).notNull(),
});
