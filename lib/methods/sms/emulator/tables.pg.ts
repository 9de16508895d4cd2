import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";

// PostgreSQL twin of ./tables.ts.
export const sandboxSmsMessages = pgTable(
  "sandbox_sms_messages",
  {
    id: text().primaryKey(),
    to: text().notNull(),
    from: text().notNull(),
    body: text().notNull(),
    status: text().notNull(),
    createdAt: bigint({ mode: "number" }).notNull(),
  },
  (table) => [index("sandbox_sms_messages_to_idx").on(table.to, table.createdAt)],
);
