import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/truecaller/callback";
import { guidePoll } from "@/lib/methods/truecaller/guide";

// The guide's callback path (seed 000): the same callback as /api/truecaller/callback, and
// the guide's polling form for clients written against it.

// POST /auth/true-sdk – Truecaller's callback, as registered by the guide
export const POST = route(async (request) => {
  await receiveCallback(await readJson(request, z.unknown()));
  return json({ message: "Success" });
});

// GET /auth/true-sdk?requestId=… – the guide's poll: {"status":"OK","name":…} | "NO" | "FAILED"
export const GET = route(async (request) => {
  const { body, setCookie } = await guidePoll(request);
  return json(body, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
});
