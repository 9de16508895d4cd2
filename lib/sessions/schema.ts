import { forDialect } from "@/lib/db/dialect";
import * as postgres from "./tables.pg";
import * as sqlite from "./tables";

// The session tables of this process's database (lib/db/dialect.ts).
export const sessions = forDialect(sqlite.sessions, postgres.sessions);
export const signingKeys = forDialect(sqlite.signingKeys, postgres.signingKeys);
export const webhookOutbox = forDialect(sqlite.webhookOutbox, postgres.webhookOutbox);

export type { NewSession, OutboxWebhook, Session, SigningKey } from "./tables";
