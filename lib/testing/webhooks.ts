import { eq } from "drizzle-orm";
import { findFirst, getDb } from "@/lib/db/client";
import { webhookOutbox, type OutboxWebhook } from "@/lib/db/schema";
import { webhookRow, type WebhookType } from "@/lib/webhooks/outbox";

// Settings and rows for the webhook tests: one app key ("app") whose webhooks go to `url`.

export const WEBHOOK_SECRET = `whsec_${Buffer.from("the app's webhook secret, 32 b.").toString("base64")}`;

export function webhookSettings(url: string): Record<string, string> {
  return {
    API_KEYS: `app:${"s".repeat(32)}`,
    API_KEY_ORIGINS: "https://app.example.com",
    WEBHOOK_URL: url,
    WEBHOOK_SECRET,
    // The test receivers listen on 127.0.0.1; the guard's own tests turn this off.
    WEBHOOK_ALLOW_PRIVATE: "1",
  };
}

/** Writes the outbox row of a session's end, as the sessions code does in its transaction. */
export async function enqueueWebhook(
  at: number,
  keyId = "app",
  type: WebhookType = "session.verified",
): Promise<OutboxWebhook> {
  const row = webhookRow(keyId, type, { id: `ses_${at}`, status: type.slice(8) }, at);
  if (!row) throw new Error(`the key "${keyId}" has no webhook`);
  await getDb().insert(webhookOutbox).values(row);
  return (await outboxRow(row.id))!;
}

export function outboxRow(id: string): Promise<OutboxWebhook | undefined> {
  return findFirst(webhookOutbox, eq(webhookOutbox.id, id));
}

export async function clearOutbox(): Promise<void> {
  await getDb().delete(webhookOutbox);
}
