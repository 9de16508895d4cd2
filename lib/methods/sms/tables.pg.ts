import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

// PostgreSQL twin of ./tables.ts.
export const smsNumberFailures = pgTable("sms_number_failures", {
  phone: text().primaryKey(),
  failures: integer().notNull().default(0),
  lockedUntil: bigint({ mode: "number" }),
  updatedAt: bigint({ mode: "number" }).notNull(),
});
