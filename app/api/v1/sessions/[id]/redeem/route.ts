import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { keyRoute } from "@/lib/api/key-route";
import { json } from "@/lib/api/route";
import { redeemToken } from "@/lib/sessions/sessions";
import { otherMethods } from "@/lib/api/not-allowed";

// Strict, as every body of this API: an unknown field is refused by name.
const redeemBody = z.strictObject({ token: z.string().min(1).max(4096) });

// POST /api/v1/sessions/:id/redeem – an app that prefers asking hands back the token the
// person brought; each token is accepted once
export const POST = keyRoute<{ id: string }>(async ({ request, key, params }) => {
  const { token } = await readJson(request, redeemBody);
  return json(await redeemToken(key, params.id, token));
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
