import { readJson } from "@/lib/api/body";
import { keyRoute } from "@/lib/api/key-route";
import { json } from "@/lib/api/route";
import { createSession, createSessionBody } from "@/lib/sessions/sessions";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/v1/sessions – an app starts a verification session: where to send the person
// back, and optionally the number, the methods in order of preference, its reference, a locale
export const POST = keyRoute(async ({ request, key }) => {
  const body = await readJson(request, createSessionBody);
  return json(await createSession(key, body), { status: 201 });
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
