import { browserRoute } from "@/lib/api/route";
import { land } from "@/lib/methods/phonecheck/redeem";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/phone-check/redirect?check_id=…&code=… – where tru.ID sends the phone back (v0.2)
export const GET = browserRoute(async ({ request, caller }) => {
  const params = new URL(request.url).searchParams;
  const { location } = await land(caller, {
    checkId: params.get("check_id"),
    code: params.get("code"),
    error: params.get("error"),
  });
  // The code is in this URL: keep it out of any Referer sent by the next page.
  return { redirect: location, headers: { "Referrer-Policy": "no-referrer" } };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
