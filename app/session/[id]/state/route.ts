import { json, route } from "@/lib/api/route";
import { endedWithoutVerifying } from "@/lib/sessions/hosted";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";

// GET /session/:id/state – `{ "ended": true }` once the session ended otherwise than verified
// (canceled, expired, given up elsewhere): the hosted page and its attempts' pages poll it
// (components/session/return-when-ended.tsx) to go back to the app with the error by
// themselves. A session that does not exist (or no longer) is a 404.
export const GET = route<{ id: string }>(async (_request, { params }) => {
  const ended = await endedWithoutVerifying((await params).id);
  nudgeWebhooks();
  return json({ ended });
});
