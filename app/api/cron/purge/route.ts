import { assertCronRequest } from "@/lib/api/cron";
import { json, route } from "@/lib/api/route";
import { purgeNow } from "@/lib/purge";

// GET /api/cron/purge – delete ended verifications now (Vercel Cron, with the CRON_SECRET bearer)
export const GET = route(async (request) => {
  assertCronRequest(request);
  return json({ purged: await purgeNow() });
});
