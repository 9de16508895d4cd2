import { keyRoute } from "@/lib/api/key-route";
import { json } from "@/lib/api/route";
import { cancelOwnSession } from "@/lib/sessions/sessions";

// POST /api/v1/sessions/:id/cancel – the app ends a pending session (409 once it has ended)
export const POST = keyRoute<{ id: string }>(async ({ key, params }) =>
  json(await cancelOwnSession(key, params.id)),
);
