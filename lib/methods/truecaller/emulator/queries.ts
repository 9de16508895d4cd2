import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { findFirst, getDb } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
import * as sqlite from "./tables";
import type { SandboxTruecallerRequest, SandboxTruecallerTraffic } from "./tables";
import * as postgres from "./tables.pg";

// The Truecaller emulator's state: prompts on the simulated phones, issued tokens, traffic.

const sandboxTruecallerRequests = forDialect(
  sqlite.sandboxTruecallerRequests,
  postgres.sandboxTruecallerRequests,
);
const sandboxTruecallerTokens = forDialect(
  sqlite.sandboxTruecallerTokens,
  postgres.sandboxTruecallerTokens,
);
const sandboxTruecallerTraffic = forDialect(
  sqlite.sandboxTruecallerTraffic,
  postgres.sandboxTruecallerTraffic,
);

export async function insertSandboxPrompt(row: SandboxTruecallerRequest): Promise<boolean> {
  const inserted = await getDb()
    .insert(sandboxTruecallerRequests)
    .values(row)
    .onConflictDoNothing()
    .returning({ requestId: sandboxTruecallerRequests.requestId });
  return inserted.length > 0;
}

export async function findSandboxPrompt(
  requestId: string,
): Promise<SandboxTruecallerRequest | undefined> {
  return findFirst(sandboxTruecallerRequests, eq(sandboxTruecallerRequests.requestId, requestId));
}

/** The prompts still waiting on a phone, newest first (as a phone lists notifications). */
export async function listPendingSandboxPrompts(
  phone: string,
  at: number,
): Promise<SandboxTruecallerRequest[]> {
  return getDb()
    .select()
    .from(sandboxTruecallerRequests)
    .where(
      and(
        eq(sandboxTruecallerRequests.phone, phone),
        eq(sandboxTruecallerRequests.status, "pending"),
        gte(sandboxTruecallerRequests.expiresAt, at),
      ),
    )
    .orderBy(desc(sandboxTruecallerRequests.createdAt))
    .limit(20);
}

/** Answers a pending, unexpired prompt; undefined if it was answered (or expired) already. */
export async function answerSandboxPrompt(
  requestId: string,
  status: "approved" | "declined" | "another_number",
  at: number,
): Promise<SandboxTruecallerRequest | undefined> {
  const [row] = await getDb()
    .update(sandboxTruecallerRequests)
    .set({ status, answeredAt: at })
    .where(
      and(
        eq(sandboxTruecallerRequests.requestId, requestId),
        eq(sandboxTruecallerRequests.status, "pending"),
        gte(sandboxTruecallerRequests.expiresAt, at),
      ),
    )
    .returning();
  return row;
}

export async function insertSandboxToken(row: typeof sandboxTruecallerTokens.$inferInsert) {
  await getDb().insert(sandboxTruecallerTokens).values(row);
}

export async function findSandboxToken(tokenHash: string) {
  return findFirst(sandboxTruecallerTokens, eq(sandboxTruecallerTokens.tokenHash, tokenHash));
}

export async function recordSandboxTraffic(
  row: Omit<typeof sandboxTruecallerTraffic.$inferInsert, "id">,
): Promise<void> {
  await getDb().insert(sandboxTruecallerTraffic).values(row);
}

export async function listSandboxTraffic(
  options: { kind?: "callback" | "profile"; requestId?: string; limit?: number } = {},
): Promise<SandboxTruecallerTraffic[]> {
  return getDb()
    .select()
    .from(sandboxTruecallerTraffic)
    .where(
      and(
        options.kind ? eq(sandboxTruecallerTraffic.kind, options.kind) : undefined,
        options.requestId ? eq(sandboxTruecallerTraffic.requestId, options.requestId) : undefined,
      ),
    )
    .orderBy(desc(sandboxTruecallerTraffic.id))
    .limit(options.limit ?? 100);
}
