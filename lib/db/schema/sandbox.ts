import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The webhooks the sandbox's own integrating app received (app/api/sandbox/webhooks), as it
 * checked them, for its page to show. PostgreSQL twin: lib/db/schema-pg/sandbox.ts.
 */
export const sandboxWebhooks = sqliteTable("sandbox_webhooks", {
  id: text().primaryKey(), // the webhook-id header: a retry of one webhook is one row
  type: text().notNull(),
  sessionId: text(),
  payload: text().notNull(),
  signatureValid: integer({ mode: "boolean" }).notNull(),
  deliveries: integer().notNull().default(1),
  receivedAt: integer().notNull(),
});
