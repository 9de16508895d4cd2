import { assertCronRequest } from "@/lib/api/cron";
import { json, route } from "@/lib/api/route";
import { purgeNow } from "@/lib/purge";
import { registerSessionSweep } from "@/lib/sessions/sweep";
import { runWebhookTick } from "@/lib/webhooks/timer";
import { otherMethods } from "@/lib/api/not-allowed";

// One cron entry does both jobs of the in-process timers (vercel.json). Vercel's Hobby plan
// runs crons only daily, so webhook retries there need a Pro plan's per-minute cron or an
// external scheduler calling this route.

// GET /api/cron/purge – delete ended verifications, settle overdue sessions, then send the webhooks due (Vercel Cron, with the CRON_SECRET bearer)
export const GET = route(async (request) => {
  assertCronRequest(request);
  const purged = await purgeNow();
  registerSessionSweep();
  return json({ purged, webhooks: await runWebhookTick() });
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
