import { browserRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";
import { exitUrl } from "@/lib/sessions/hosted";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /session/:id/return – back to the app: return_url?session_id=…&token=… once verified,
// &error=… once it ended otherwise; the hosted page while it is still pending
export const GET = browserRoute<{ id: string }>(async ({ caller, params }) => {
  const target = await exitUrl(caller, params.id);
  const location = target.startsWith("/") ? `${getEnv().appUrl}${target}` : target;
  nudgeWebhooks();
  return { redirect: location, headers: { "Referrer-Policy": "no-referrer" } };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
