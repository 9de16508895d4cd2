import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { now } from "@/lib/clock";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { sandboxKey } from "@/lib/api-keys";
import { sandboxWebhooks } from "@/lib/db/schema";

// The sandbox's own integrating app receives its webhooks as any app would: it checks them
// with the `standardwebhooks` package (https://github.com/standard-webhooks/standard-webhooks),
// not with our signing code, and keeps the valid ones for the sandbox page to show.

// Only what the page shows; the rest of the payload is kept as sent.
const message = z.object({
  type: z.string().catch("unknown"),
  data: z.object({ id: z.string().optional() }).loose().optional().catch(undefined),
});

/**
 * Keeps a webhook whose signature the sandbox key's secret verifies (a retry of one webhook-id
 * counts another delivery); an invalid, stale or unsigned one is `unauthorized` and not kept.
 */
export async function receiveWebhook(body: string, headers: Record<string, string>): Promise<void> {
  const secret = sandboxKey()?.webhook?.secret;
  if (!secret) throw new ApiError("not_found", "The sandbox is off.");
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, headers);
  } catch {
    throw new ApiError("unauthorized", "The webhook signature is not valid.");
  }
  const { type, data } = message.parse(payload);
  const at = now();
  await getDb()
    .insert(sandboxWebhooks)
    .values({
      id: headers["webhook-id"] ?? "",
      type,
      sessionId: data?.id ?? null,
      payload: body,
      signatureValid: true,
      receivedAt: at,
    })
    .onConflictDoUpdate({
      target: sandboxWebhooks.id,
      set: { deliveries: sql`${sandboxWebhooks.deliveries} + 1`, receivedAt: at },
    });
}

type ReceivedWebhook = {
  id: string;
  type: string;
  sessionId: string | null;
  payload: unknown;
  deliveries: number;
  /** The latest delivery, ISO 8601. */
  receivedAt: string;
};

/** The webhooks received, newest first; only one session's when `sessionId` is given. */
export async function receivedWebhooks(
  limit = 20,
  options: { sessionId?: string } = {},
): Promise<ReceivedWebhook[]> {
  const query = getDb()
    .select()
    .from(sandboxWebhooks)
    .orderBy(desc(sandboxWebhooks.receivedAt), desc(sandboxWebhooks.id))
    .limit(limit);
  const rows = await (options.sessionId
    ? query.where(eq(sandboxWebhooks.sessionId, options.sessionId))
    : query);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    sessionId: row.sessionId,
    payload: JSON.parse(row.payload) as unknown,
    deliveries: row.deliveries,
    receivedAt: new Date(row.receivedAt).toISOString(),
  }));
}
