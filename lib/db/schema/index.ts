import * as postgres from "../schema-pg";
import * as sqlite from "./core";
import * as sqliteSandboxSms from "@/lib/methods/sms/emulator/tables";
import * as sqliteTruecaller from "@/lib/methods/truecaller/emulator/tables";
import * as sqliteTruid from "@/lib/methods/phonecheck/emulator/tables";

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

export type { NewVerification, Verification, VerifiedPhone } from "./core";
export type { VerificationStatus } from "@/lib/verification-status";
export type { SandboxSmsMessage } from "@/lib/methods/sms/emulator/tables";

export const sandboxTruecallerRequests = table(
  sqliteTruecaller.sandboxTruecallerRequests,
  postgres.sandboxTruecallerRequests,
);
export const sandboxTruecallerTokens = table(
  sqliteTruecaller.sandboxTruecallerTokens,
  postgres.sandboxTruecallerTokens,
);
export const sandboxTruecallerTraffic = table(
  sqliteTruecaller.sandboxTruecallerTraffic,
  postgres.sandboxTruecallerTraffic,
);
export type {
  SandboxTruecallerRequest,
  SandboxTruecallerTraffic,
} from "@/lib/methods/truecaller/emulator/tables";

export const sandboxTruidTokens = table(
  sqliteTruid.sandboxTruidTokens,
  postgres.sandboxTruidTokens,
);
export const sandboxTruidChecks = table(
  sqliteTruid.sandboxTruidChecks,
  postgres.sandboxTruidChecks,
);
export const sandboxTruidCallbacks = table(
  sqliteTruid.sandboxTruidCallbacks,
  postgres.sandboxTruidCallbacks,
);
export const sandboxTruidKeys = table(sqliteTruid.sandboxTruidKeys, postgres.sandboxTruidKeys);
export type {
  SandboxTruidCallback,
  SandboxTruidCheck,
} from "@/lib/methods/phonecheck/emulator/tables";
