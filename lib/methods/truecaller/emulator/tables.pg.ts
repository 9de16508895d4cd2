import { bigint, index, integer, pgTable, serial, text } from "drizzle-orm/pg-core";

// PostgreSQL twins of ./tables.ts.
const time = () => bigint({ mode: "number" });

export const sandboxTruecallerRequests = pgTable(
  "sandbox_truecaller_requests",
  {
    requestId: text().primaryKey(),
    flow: text({ enum: ["push", "deeplink"] }).notNull(),
    phone: text().notNull(),
    partnerName: text().notNull(),
    state: text(),
    status: text({ enum: ["pending", "approved", "declined", "another_number"] })
      .notNull()
      .default("pending"),
    createdAt: time().notNull(),
    expiresAt: time().notNull(),
    answeredAt: time(),
  },
  (table) => [index("sandbox_truecaller_requests_phone_idx").on(table.phone, table.createdAt)],
);

export const sandboxTruecallerTokens = pgTable("sandbox_truecaller_tokens", {
  tokenHash: text().primaryKey(),
  requestId: text().notNull(),
  phone: text().notNull(),
  expiresAt: time().notNull(),
  createdAt: time().notNull(),
});

export const sandboxTruecallerTraffic = pgTable(
  "sandbox_truecaller_traffic",
  {
    id: serial().primaryKey(),
    kind: text({ enum: ["callback", "profile"] }).notNull(),
    requestId: text(),
    attempt: integer(),
    status: integer(),
    detail: text(),
    createdAt: time().notNull(),
  },
  (table) => [index("sandbox_truecaller_traffic_kind_idx").on(table.kind, table.createdAt)],
);
