import { callerOf } from "@/lib/api/caller";
import { route } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";
import { exitUrl } from "@/lib/sessions/hosted";

// GET /session/:id/return – back to the app: return_url?session_id=…&token=… once verified,
// &error=… once it ended otherwise; the hosted page while it is still pending
export const GET = route<{ id: string }>(async (request, { params }) => {
  const target = await exitUrl(callerOf(request), (await params).id);
  const location = target.startsWith("/") ? `${getEnv().appUrl}${target}` : target;
  nudgeWebhooks();
  return new Response(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
});
