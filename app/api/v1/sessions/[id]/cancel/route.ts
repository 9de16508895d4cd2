import { z } from "zod";
import { readOptionalJson } from "@/lib/api/body";
import { keyRoute } from "@/lib/api/key-route";
import { json } from "@/lib/api/route";
import { cancelOwnSession } from "@/lib/sessions/sessions";
import { otherMethods } from "@/lib/api/not-allowed";

// No fields: a body may be left out, or be `{}`. One with anything in it (a `reason` this API
// does not take) is refused by name, not ignored while the session is canceled all the same.
const cancelBody = z.strictObject({});

// POST /api/v1/sessions/:id/cancel – the app ends a pending session (409 once it has ended)
export const POST = keyRoute<{ id: string }>(async ({ request, key, params }) => {
  await readOptionalJson(request, cancelBody);
  return json(await cancelOwnSession(key, params.id));
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
