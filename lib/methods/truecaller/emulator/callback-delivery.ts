import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { recordSandboxTraffic } from "./queries";

// The emulator's side of the callback (docs/providers.md#callback): a JSON POST to the app's callback
// URL, as Truecaller's backend sends it, retried when the app does not answer 2xx in 3 s.

type CallbackBody = { requestId: string } & Record<string, string>;

export type Delivery = {
  delivered: boolean;
  attempts: number;
  status: number | null; // the last answer's HTTP status; null when none came
};

type DeliveryOptions = {
  url?: string;
  tries?: number;
  /** Waits `delayMs × attempt` between tries (Truecaller's own schedule is undocumented). */
  delayMs?: number;
  timeoutMs?: number;
};

const CALLBACK_DEFAULTS = { tries: 3, delayMs: 500, timeoutMs: 3_000 };

/** The callback URL registered for the sandbox app in "Truecaller's developer portal". */
function sandboxCallbackUrl(): string {
  return `${getEnv().appUrl}/api/truecaller/callback`;
}

export async function deliverCallback(
  body: CallbackBody,
  options: DeliveryOptions = {},
): Promise<Delivery> {
  const { tries, delayMs, timeoutMs } = { ...CALLBACK_DEFAULTS, ...options };
  const url = options.url ?? sandboxCallbackUrl();
  // The delivery log names what was sent, never the token itself.
  const what = body.status ?? (body.endpoint ? "token+endpoint" : "token");
  let status: number | null = null;
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = null;
    }
    await recordSandboxTraffic({
      kind: "callback",
      requestId: body.requestId,
      attempt,
      status,
      detail: status === null ? `${what}: no answer within ${timeoutMs} ms` : what,
      createdAt: now(),
    });
    if (status !== null && status >= 200 && status < 300) {
      return { delivered: true, attempts: attempt, status };
    }
    if (attempt < tries) await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
  }
  return { delivered: false, attempts: tries, status };
}
