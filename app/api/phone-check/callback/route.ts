import { readText } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { receiveCallback } from "@/lib/methods/phonecheck/callback";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/phone-check/callback – tru.ID's signed result of a check (TRUID_CALLBACK_URL)
export const POST = route(async (request) => {
  const body = await readText(request, 16 * 1024);
  const { method, url, headers } = request;
  const { applied } = await receiveCallback({ method, url, headers }, body);
  return json({ received: true, applied });
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
