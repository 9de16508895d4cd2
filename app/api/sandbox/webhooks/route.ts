import { readText } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { receivedWebhooks, receiveWebhook } from "@/lib/sandbox/webhook-receiver";

// POST /api/sandbox/webhooks – the sandbox app's webhook receiver: 204 when the signature holds
export const POST = route(async (request) => {
  assertSandbox();
  const body = await readText(request, 64 * 1024);
  await receiveWebhook(body, Object.fromEntries(request.headers));
  return new Response(null, { status: 204 });
});

// GET /api/sandbox/webhooks?session=… – the webhooks received, newest first (the sandbox page polls it)
export const GET = route(async (request) => {
  assertSandbox();
  const sessionId = new URL(request.url).searchParams.get("session") ?? undefined;
  return json({ webhooks: await receivedWebhooks(20, { sessionId }) });
});
