import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Wrong codes in a row for one number, across all its codes (docs/security.md#guessing): past
 * MAX_FAILURES_PER_NUMBER the SMS method is locked for that number until `lockedUntil`. A right
 * code deletes the row.
 */
export const smsNumberFailures = sqliteTable("sms_number_failures", {
  phone: text().primaryKey(),
  failures: integer().notNull().default(0),
  lockedUntil: integer(),
  updatedAt: integer().notNull(),
});
