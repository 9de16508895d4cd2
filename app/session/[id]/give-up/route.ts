import { browserRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";
import { ApiError } from "@/lib/errors";
import { giveUp, sessionPath } from "@/lib/sessions/hosted";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /session/:id/give-up – the hosted page's "Cancel" (a form): the session fails, and the
// person goes back to the app with error=abandoned
export const POST = browserRoute<{ id: string }>(async ({ caller, params: { id } }) => {
  // Ended already (it expired, the app canceled it) or not this browser's: nothing to give up,
  // and the return route says where to go — to the app with its error, or to the page.
  await giveUp(caller, id).catch((error: unknown) => {
    if (!(error instanceof ApiError) || !["conflict", "forbidden"].includes(error.code))
      throw error;
  });
  nudgeWebhooks();
  return { redirect: `${getEnv().appUrl}${sessionPath(id, "/return")}` };
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
