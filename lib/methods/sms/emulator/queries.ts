import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import { findFirst, getDb } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
import * as sqlite from "./tables";
import type { SandboxSmsMessage } from "./tables";
import * as postgres from "./tables.pg";

// The Flowroute emulator's messages: the simulated phones' inboxes.

const sandboxSmsMessages = forDialect(sqlite.sandboxSmsMessages, postgres.sandboxSmsMessages);

export async function insertSandboxSms(row: SandboxSmsMessage): Promise<void> {
  await getDb().insert(sandboxSmsMessages).values(row);
}

export async function findSandboxSms(id: string): Promise<SandboxSmsMessage | undefined> {
  return findFirst(sandboxSmsMessages, eq(sandboxSmsMessages.id, id));
}

/** Newest first; `to` matches any of the given spellings of one number. */
export async function listSandboxSms(
  options: { to?: string[]; limit?: number } = {},
): Promise<SandboxSmsMessage[]> {
  const query = getDb()
    .select()
    .from(sandboxSmsMessages)
    .orderBy(desc(sandboxSmsMessages.createdAt), desc(sandboxSmsMessages.id))
    .limit(options.limit ?? 50);
  return options.to ? query.where(inArray(sandboxSmsMessages.to, options.to)) : query;
}
