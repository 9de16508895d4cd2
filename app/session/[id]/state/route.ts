import { browserRoute } from "@/lib/api/route";
import { sessionState } from "@/lib/sessions/hosted";
import { nudgeWebhooks } from "@/lib/sessions/webhook-nudge";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /session/:id/state – `{ "ended": true }` once the session ended otherwise than verified
// (canceled, expired, given up elsewhere): the hosted page and its attempts' pages poll it
// (components/session/return-when-ended.tsx) to go back to the app with the error by
// themselves, and to warn before the time runs out: to the browser that holds the pending
// session, `expires_in` says its seconds left. A session that does not exist (or no longer)
// is a 404.
export const GET = browserRoute<{ id: string }>(async ({ caller, params: { id } }) => {
  const { ended, expiresIn } = await sessionState(caller, id);
  nudgeWebhooks();
  return { body: expiresIn === undefined ? { ended } : { ended, expires_in: expiresIn } };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
