import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Messages the Flowroute emulator accepted: the simulated phones' inboxes. */
export const sandboxSmsMessages = sqliteTable(
  "sandbox_sms_messages",
  {
    id: text().primaryKey(), // "mdr2-<32 hex>"
    to: text().notNull(), // as sent: 1XXXXXXXXXX or +E.164
    from: text().notNull(),
    body: text().notNull(),
    status: text().notNull(), // "delivered" | "message buffered"
    createdAt: integer().notNull(),
  },
  (table) => [index("sandbox_sms_messages_to_idx").on(table.to, table.createdAt)],
);

export type SandboxSmsMessage = typeof sandboxSmsMessages.$inferSelect;
