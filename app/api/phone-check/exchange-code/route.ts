import { z } from "zod";
import { readJsonOrForm } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { exchangeCode } from "@/lib/methods/phonecheck/guide";
import { otherMethods } from "@/lib/api/not-allowed";

const exchangeBody = z.object({
  check_id: z.string({ error: "the check_id of the check" }).min(1).max(64),
  code: z.string({ error: "the code the device got at the end of the check" }).min(1).max(256),
  // Echoed by tru.ID when the check was made with one; ours are not.
  reference_id: z.string().max(256).nullish(),
});

// POST /api/phone-check/exchange-code – redeem the code a device got from its check: {check_id, match, status}
export const POST = route(async (request) => {
  // No cookie and no Origin check: the code, which only the device that ran the check got, is
  // the proof (docs/providers.md#native-sdks-and-the-exchange-code-endpoint).
  const { check_id, code } = await readJsonOrForm(request, exchangeBody);
  return json(await exchangeCode(check_id, code));
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
