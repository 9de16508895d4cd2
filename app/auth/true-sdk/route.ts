import { z } from "zod";
import { readJsonAnyType } from "@/lib/api/body";
import { browserRoute, json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/truecaller/callback";
import { guidePoll, requestIdOf } from "@/lib/methods/truecaller/guide";
import { otherMethods } from "@/lib/api/not-allowed";

// The guide's callback path (docs/providers.md#truecaller): the same callback as
// /api/truecaller/callback, and the guide's polling form for clients written against it.

// POST /auth/true-sdk – Truecaller's callback, as registered by the guide
export const POST = route(async (request) => {
  // JSON whatever the Content-Type, which Truecaller does not document (docs/providers.md#callback).
  await receiveCallback(await readJsonAnyType(request, z.unknown()));
  return json({ message: "Success" });
});

// GET /auth/true-sdk?requestId=… – the guide's poll: {"status":"OK","name":…} | "NO" | "FAILED"
export const GET = browserRoute(async ({ request, caller }) => {
  const { answer, verification } = await guidePoll(caller, requestIdOf(request.url));
  return { body: answer, verified: verification };
});

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
