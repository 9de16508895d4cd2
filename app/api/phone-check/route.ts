import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { guideResult, guideStart } from "@/lib/methods/phonecheck/guide";

// The tru.ID guide's server endpoints (shared/reference/seeds/001…txt, steps 2–8).

const startBody = z.object({
  phone_number: z
    .union([z.string(), z.number()], { error: "E.164 digits, e.g. 447900123456" })
    .transform(String)
    .pipe(z.string().max(32)),
});

// POST /api/phone-check – create a PhoneCheck for {phone_number}: {check_id, check_url}
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { phone_number } = await readJson(request, startBody);
  const { check, setCookie } = await guideStart(request, phone_number);
  return json(check, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
});

// GET /api/phone-check?check_id=… – the result of this caller's check: {match, status}
export const GET = route(async (request) => {
  const checkId = new URL(request.url).searchParams.get("check_id");
  if (!checkId) throw new ApiError("bad_request", "check_id parameter is required");
  return json(await guideResult(request, checkId));
});
