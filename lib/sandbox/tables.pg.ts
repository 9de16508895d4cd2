import { bigint, boolean, integer, pgTable, text } from "drizzle-orm/pg-core";

// PostgreSQL twin of ./tables.ts.
export const sandboxWebhooks = pgTable("sandbox_webhooks", {
  id: text().primaryKey(),
  type: text().notNull(),
  sessionId: text(),
  payload: text().notNull(),
  signatureValid: boolean().notNull(),
  deliveries: integer().notNull().default(1),
  receivedAt: bigint({ mode: "number" }).notNull(),
});
