import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/truecaller/callback";

// POST /api/truecaller/callback – Truecaller's callback: {requestId, accessToken[, endpoint]} or {requestId, status}
export const POST = route(async (request) => {
  // No Origin check: Truecaller's servers call this, and nothing in it is trusted anyway.
  await receiveCallback(await readJson(request, z.unknown()));
  return json({ message: "Success" });
});
