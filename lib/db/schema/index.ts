import * as postgres from "../schema-pg";
import * as sqlite from "./core";
import * as sqliteSandboxSms from "./sandbox-flowroute";

// The tables the queries in lib/db/ use: SQLite's, or their PostgreSQL twins (lib/db/schema-pg,
// same names and columns) when DATABASE_URL is set. Typed as SQLite's either way, since
// Drizzle's query builder speaks both. drizzle-kit reads this file with DATABASE_URL unset.
const usePostgres = Boolean(process.env.DATABASE_URL);

function table<T>(sqliteTable: T, postgresTable: unknown): T {
  return (usePostgres ? postgresTable : sqliteTable) as T;
}

export const verifications = table(sqlite.verifications, postgres.verifications);
export const verifiedPhones = table(sqlite.verifiedPhones, postgres.verifiedPhones);
export const rateLimitEvents = table(sqlite.rateLimitEvents, postgres.rateLimitEvents);
export const sandboxSmsMessages = table(
  sqliteSandboxSms.sandboxSmsMessages,
  postgres.sandboxSmsMessages,
);

export { verificationMethods, verificationStatuses } from "./core";
export type {
  NewVerification,
  Verification,
  VerificationMethod,
  VerificationStatus,
  VerifiedPhone,
} from "./core";
export type { SandboxSmsMessage } from "./sandbox-flowroute";

export * from "./sandbox-truecaller";
export * from "./sandbox-truid";
