import { z } from "zod";
import { readJsonAnyType } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/truecaller/callback";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/truecaller/callback – Truecaller's callback: {requestId, accessToken[, endpoint]} or {requestId, status}
export const POST = route(async (request) => {
  // No Origin check: Truecaller's servers call this, and nothing in it is trusted anyway.
  // JSON whatever the Content-Type, which Truecaller does not document (docs/providers.md#callback).
  await receiveCallback(await readJsonAnyType(request, z.unknown()));
  return json({ message: "Success" });
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
