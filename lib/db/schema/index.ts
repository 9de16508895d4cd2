import { forDialect } from "../dialect";
import * as postgres from "../schema-pg/core";
import * as sqlite from "./core";

// The shared tables as the queries use them: SQLite's, or their PostgreSQL twins
// (lib/db/schema-pg) when DATABASE_URL is set. Each emulator picks its own tables the same way.

export const verifications = forDialect(sqlite.verifications, postgres.verifications);
export const verifiedPhones = forDialect(sqlite.verifiedPhones, postgres.verifiedPhones);
export const rateLimitCounts = forDialect(sqlite.rateLimitCounts, postgres.rateLimitCounts);
export const idempotentRequests = forDialect(
  sqlite.idempotentRequests,
  postgres.idempotentRequests,
);

export const startLocks = forDialect(sqlite.startLocks, postgres.startLocks);

export type { NewVerification, Verification, VerifiedPhone } from "./core";
export type { VerificationStatus } from "@/lib/verification-status";
