import { callerOf } from "@/lib/api/caller";
import { assertSameOrigin } from "@/lib/api/origin";
import { route } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { giveUp } from "@/lib/sessions/hosted";

// POST /session/:id/give-up – the hosted page's "Cancel" (a form): the session fails, and the
// person goes back to the app with error=abandoned
export const POST = route<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const { id } = await params;
  await giveUp(callerOf(request), id);
  return new Response(null, {
    status: 303,
    headers: { Location: `${getEnv().appUrl}/session/${id}/return`, "Cache-Control": "no-store" },
  });
});
