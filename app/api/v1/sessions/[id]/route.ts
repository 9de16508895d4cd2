import { keyRoute } from "@/lib/api/key-route";
import { json } from "@/lib/api/route";
import { sessionOfKey, viewOf } from "@/lib/sessions/sessions";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/v1/sessions/:id – the session as it stands, with every attempt (its key only)
export const GET = keyRoute<{ id: string }>(async ({ key, params }) =>
  json(await viewOf(await sessionOfKey(key, params.id))),
);

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
