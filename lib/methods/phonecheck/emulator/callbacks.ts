import "server-only";
import { now } from "@/lib/clock";
import {
  claimSandboxCallback,
  dueSandboxCallbacks,
  insertSandboxCallback,
  recordSandboxCallbackAttempt,
} from "./queries";
import type { SandboxTruidCallback, SandboxTruidCheck } from "./tables";
import { signWithSandboxKey } from "./keys";
import { callbackHeaders } from "./signing";

// Signed callbacks (docs/providers.md#callbacks-and-signatures): when a check with a callback_url reaches
// COMPLETED, EXPIRED or ERROR. Unlike tru.ID, the emulator makes the first attempt before it
// answers the request that ended the check, so that tests and demos see the result at once;
// a failed attempt is retried 10 s later, then 20 s … up to a minute (clock-driven: any later
// request to the emulator delivers what is due).

const RETRY_STEP_MS = 10_000;
const LAST_RETRY_DELAY_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 3000;

export function callbackPayload(check: SandboxTruidCheck): Record<string, unknown> {
  return {
    check_id: check.checkId,
    ...(check.referenceId ? { reference_id: check.referenceId } : {}),
    status: check.status,
    ...(check.status === "COMPLETED" ? { match: check.match === true, network_id: "23599" } : {}),
    ...(check.status === "ERROR" && check.errorCode ? { error_code: check.errorCode } : {}),
    charge_amount: 1,
    charge_currency: "API",
    created_at: iso(check.createdAt),
    updated_at: iso(check.updatedAt),
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** Records the callback for a check that just ended, and makes its first attempt. */
export async function queueCallback(check: SandboxTruidCheck): Promise<void> {
  if (!check.callbackUrl) return;
  const at = now();
  await insertSandboxCallback({
    checkId: check.checkId,
    url: check.callbackUrl,
    body: JSON.stringify(callbackPayload(check)),
    nextAttemptAt: at,
    createdAt: at,
  });
  await deliverDueCallbacks();
}

export async function deliverDueCallbacks(): Promise<void> {
  for (const row of await dueSandboxCallbacks(now())) {
    const claimed = await claimSandboxCallback(row);
    if (!claimed) continue; // another request is delivering it
    const status = await post(claimed);
    const delay = claimed.attempts * RETRY_STEP_MS;
    const delivered = status === 200;
    await recordSandboxCallbackAttempt(claimed.id, {
      lastStatus: status,
      deliveredAt: delivered ? now() : null,
      nextAttemptAt: delivered || delay > LAST_RETRY_DELAY_MS ? null : now() + delay,
    });
  }
}

async function post(row: SandboxTruidCallback): Promise<number | null> {
  const url = new URL(row.url);
  const signed = await callbackHeaders(url, row.body, new Date(now()), signWithSandboxKey);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...signed, "Content-Type": "application/json" },
      body: row.body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  } catch {
    return null;
  }
}
