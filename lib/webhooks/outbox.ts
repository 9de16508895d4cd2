import "server-only";
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { after } from "next/server";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { apiKeyById, SANDBOX_KEY_ID, SANDBOX_WEBHOOK_PATH } from "@/lib/api-keys";
import { webhookOutbox, type OutboxWebhook } from "@/lib/db/schema";
import { sendWebhook } from "./post";

// Webhooks leave from the outbox table: a row is written in the same transaction as the change
// it announces, then sent at least once, retried with backoff for a day, by whichever instance
// gets to it first, across restarts.

export type WebhookType =
  "session.verified" | "session.failed" | "session.expired" | "session.canceled";

const HOUR = 3600_000;
const RETRY_FOR_MS = 24 * HOUR;
const FIRST_RETRY_MS = 5000;
const MAX_RETRY_MS = HOUR;
// Longer than one attempt can take (a 5 s lookup and a 10 s request): a holder that died is
// replaced after this, one that is alive has finished.
const LEASE_MS = 60_000;
const BATCH = 20;
// One call's bound, so that a cron request ends: what is left waits for the next.
const MAX_BATCHES = 10;

/**
 * The outbox row announcing `type` with `data` (the session as the API shows it), or
 * undefined for a key without a webhook: a key may do without one. While a WEBHOOK_URL_<id>
 * names no key (a misspelt id, warned of at start), a key without one still gets its row, since
 * that setting may have been meant for it: delivery retries it as a failed attempt until the
 * setting is fixed, or the day is out.
 */
export function webhookRow(
  keyId: string,
  type: WebhookType,
  data: unknown,
  at: number,
): typeof webhookOutbox.$inferInsert | undefined {
  if (!apiKeyById(keyId)?.webhook && getEnv().strayWebhookUrls.length === 0) return undefined;
  return {
    id: `msg_${randomId(16)}`,
    keyId,
    type,
    // Fixed now: every retry carries the same bytes under the same webhook-id.
    payload: JSON.stringify({ type, timestamp: new Date(at).toISOString(), data }),
    nextAttemptAt: at,
    createdAt: at,
  };
}

type Outcome = "delivered" | "retried" | "gaveUp";

/**
 * Sends the webhooks that are due: each row is first claimed with a lease in one conditional
 * UPDATE, so that two instances (or two calls) never send one at once, then POSTed, and the
 * outcome recorded. Every time is read from the clock when it is needed: a run can last
 * minutes (a batch of slow receivers), and a lease or a retry counted from its start would
 * be born expired or due already.
 */
export async function deliverDue(): Promise<{
  delivered: number;
  retried: number;
  gaveUp: number;
}> {
  const counts = { delivered: 0, retried: 0, gaveUp: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const rows = await claimDue(now());
    const outcomes = await Promise.all(rows.map((row) => attempt(row)));
    for (const outcome of outcomes) counts[outcome] += 1;
    if (rows.length < BATCH) break;
  }
  return counts;
}

async function claimDue(at: number): Promise<OutboxWebhook[]> {
  const db = getDb();
  const free = and(
    isNull(webhookOutbox.deliveredAt),
    isNull(webhookOutbox.givenUpAt),
    lte(webhookOutbox.leaseUntil, at),
  );
  const due = db
    .select({ id: webhookOutbox.id })
    .from(webhookOutbox)
    .where(and(free, lte(webhookOutbox.nextAttemptAt, at)))
    .orderBy(asc(webhookOutbox.nextAttemptAt))
    .limit(BATCH);
  // The lease is taken only where it is still free: of two concurrent claims of a row, the
  // second finds it held (PostgreSQL re-checks the condition once the first commits).
  return db
    .update(webhookOutbox)
    .set({ leaseUntil: at + LEASE_MS })
    .where(and(inArray(webhookOutbox.id, due), free))
    .returning();
}

async function attempt(row: OutboxWebhook): Promise<Outcome> {
  const key = apiKeyById(row.keyId);
  // Its settings gone (a typo, an instance of a rolling deploy that does not have them yet):
  // a failure like any other, retried until the day is out, so that nothing is lost to it.
  const error = !key
    ? `the API key "${row.keyId}" is no longer configured`
    : !key.webhook
      ? `the API key "${row.keyId}" has no webhook URL any more`
      : await sendWebhook(row, key.webhook, {
          allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE === "1",
          // The sandbox's receiver: the one private URL allowed without WEBHOOK_ALLOW_PRIVATE.
          trusted: key.id === SANDBOX_KEY_ID && key.webhook.url === ownReceiver(),
        });
  // When the attempt ended, which a slow receiver may have made long after the claim.
  const at = now();
  if (error === undefined) return record(row, { deliveredAt: at, lastError: null });
  if (at >= row.createdAt + RETRY_FOR_MS) {
    return record(row, { givenUpAt: at, lastError: error });
  }
  return record(row, { nextAttemptAt: at + backoff(row.attempts + 1), lastError: error });
}

function ownReceiver(): string {
  return `${getEnv().appUrl}${SANDBOX_WEBHOOK_PATH}`;
}

/** 5 s, doubling each attempt up to an hour, give or take a fifth so retries do not bunch. */
function backoff(attempts: number): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

async function record(
  row: OutboxWebhook,
  change: Partial<Pick<OutboxWebhook, "deliveredAt" | "givenUpAt" | "nextAttemptAt" | "lastError">>,
): Promise<Outcome> {
  const recorded = await getDb()
    .update(webhookOutbox)
    .set({ ...change, attempts: row.attempts + 1, leaseUntil: 0 })
    // Only while the lease is ours: past it, another instance may have recorded a newer try.
    // A delivery is recorded anyway, so that it is not sent again.
    .where(
      and(
        eq(webhookOutbox.id, row.id),
        change.deliveredAt ? undefined : eq(webhookOutbox.leaseUntil, row.leaseUntil),
      ),
    )
    .returning({ id: webhookOutbox.id });
  // Another instance took the row over meanwhile: its own record, and its own log line, stand.
  if (recorded.length === 0) return change.deliveredAt ? "delivered" : "retried";
  if (change.nextAttemptAt) {
    // A wrong URL or a receiver that is down is said at its first failure, not only when the
    // day of retries is out; the retries after it, quietly.
    const report = row.attempts === 0 ? log.warn : log.info;
    report("webhook not delivered, will retry", {
      id: row.id,
      keyId: row.keyId,
      type: row.type,
      attempts: row.attempts + 1,
      lastError: change.lastError,
      nextAttemptAt: new Date(change.nextAttemptAt).toISOString(),
    });
  }
  if (change.givenUpAt) {
    log.warn("webhook given up", {
      id: row.id,
      keyId: row.keyId,
      type: row.type,
      attempts: row.attempts + 1,
      lastError: change.lastError,
    });
  }
  return change.deliveredAt ? "delivered" : change.givenUpAt ? "gaveUp" : "retried";
}

const runner = globalThis as unknown as { phoneVerifyWebhookRun?: { again: boolean } };

/**
 * Starts `deliverDue` in the background, after the caller's answer: one run at a time in this
 * process, and a kick during a run makes it run once more, for the rows written meanwhile.
 * Never throws. Inside a request it runs through Next's `after`, which a serverless host
 * (Vercel) waits for before it freezes the function; otherwise (a timer's tick) at once. A
 * run that still does not finish leaves its rows in the outbox for the next tick or cron call.
 */
export function kickDelivery(): void {
  const running = runner.phoneVerifyWebhookRun;
  if (running) {
    running.again = true;
    return;
  }
  const run = { again: true };
  runner.phoneVerifyWebhookRun = run;
  const deliverAll = async () => {
    while (run.again) {
      run.again = false;
      try {
        await deliverDue();
      } catch (error) {
        // A database that is down now: the rows are still there for the next run.
        log.warn("webhook delivery failed", { error: String(error) });
      }
    }
    runner.phoneVerifyWebhookRun = undefined;
  };
  try {
    after(deliverAll);
  } catch {
    // Not in a request (after() throws outside one).
    setImmediate(() => void deliverAll());
  }
}
