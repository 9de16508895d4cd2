import { z } from "zod";
import { readJsonOrForm } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { guideResult, guideStart } from "@/lib/methods/phonecheck/guide";
import { otherMethods } from "@/lib/api/not-allowed";

// The tru.ID guide's server endpoints (docs/providers.md#truid-phonecheck): JSON or form bodies,
// as the guide's apps send either (tru.ID's Flutter example posts a form).

const startBody = z.object({
  phone_number: z
    .union([z.string(), z.number()], { error: "E.164 digits, e.g. 447900123456" })
    .transform(String)
    .pipe(z.string().max(32)),
});

// POST /api/phone-check – create a PhoneCheck for {phone_number}: {check_id, check_url}
export const POST = browserRoute(async ({ request, caller }) => {
  const { phone_number } = await readJsonOrForm(request, startBody);
  const { check, error, binding } = await guideStart(caller, phone_number);
  return { body: check, error, headers: error?.headers, binding };
});

// GET /api/phone-check?check_id=… – the result of this caller's check: {check_id, match, status}
export const GET = browserRoute(async ({ request, caller }) => {
  const checkId = new URL(request.url).searchParams.get("check_id");
  if (!checkId) throw new ApiError("bad_request", "check_id parameter is required");
  return { body: await guideResult(caller, checkId) };
});

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
