import { json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/phonecheck/callback";

// POST /api/phone-check/callback – tru.ID's signed result of a check (TRUID_CALLBACK_URL)
export const POST = route(async (request) => {
  const { applied } = await receiveCallback(request);
  return json({ received: true, applied });
});
