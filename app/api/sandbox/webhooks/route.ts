import { readText } from "@/lib/api/body";
import { browserRoute, route } from "@/lib/api/route";
import { sessionsOpenedBy } from "@/lib/db/sessions";
import { assertSandbox } from "@/lib/sandbox/guard";
import { receivedWebhooks, receiveWebhook } from "@/lib/sandbox/webhook-receiver";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/sandbox/webhooks – the sandbox app's webhook receiver: 204 when the signature holds
export const POST = route(async (request) => {
  assertSandbox();
  const body = await readText(request, 64 * 1024);
  await receiveWebhook(body, Object.fromEntries(request.headers));
  return new Response(null, { status: 204 });
});

// GET /api/sandbox/webhooks?session=… – the webhooks received for sessions opened in this
// browser, newest first (the sandbox page polls it): a public demo shows nobody else's numbers
export const GET = browserRoute(async ({ request, caller }) => {
  assertSandbox();
  const sessionId = new URL(request.url).searchParams.get("session") ?? undefined;
  const received = await receivedWebhooks(50, { sessionId });
  const own = await sessionsOpenedBy(
    caller.bindingHash,
    received.flatMap((webhook) => (webhook.sessionId ? [webhook.sessionId] : [])),
  );
  return { body: { webhooks: received.filter((webhook) => own.has(webhook.sessionId ?? "")) } };
});

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
