import "server-only";
import { onWebhookTick } from "@/lib/webhooks/timer";
import { settleSessions } from "@/lib/core/session-state";

/**
 * Settles sessions nobody reads on every webhook tick (the timer, the cron route): overdue
 * ones expire, so their apps hear `session.expired` without anyone asking.
 */
export function registerSessionSweep(): void {
  // Named: registered again after a reload, it replaces itself instead of running twice.
  onWebhookTick(async function settleOverdueSessions() {
    await settleSessions();
  });
}
