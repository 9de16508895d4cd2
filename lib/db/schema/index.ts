import { forDialect } from "../dialect";
import * as postgres from "../schema-pg/core";
import * as sqlite from "./core";
import * as postgresSessions from "../schema-pg/sessions";
import * as sqliteSessions from "./sessions";
import * as postgresSandbox from "../schema-pg/sandbox";
import * as sqliteSandbox from "./sandbox";

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

export const sessions = forDialect(sqliteSessions.sessions, postgresSessions.sessions);
export const signingKeys = forDialect(sqliteSessions.signingKeys, postgresSessions.signingKeys);
export const webhookOutbox = forDialect(
  sqliteSessions.webhookOutbox,
  postgresSessions.webhookOutbox,
);

/** The sandbox's own webhook receiver (lib/sandbox/webhook-receiver.ts). */
export const sandboxWebhooks = forDialect(
  sqliteSandbox.sandboxWebhooks,
  postgresSandbox.sandboxWebhooks,
);

export type { NewVerification, Verification, VerifiedPhone } from "./core";
export type { NewSession, OutboxWebhook, Session, SigningKey } from "./sessions";
export type { VerificationStatus } from "@/lib/verification-status";
