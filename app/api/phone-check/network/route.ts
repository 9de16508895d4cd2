import { browserRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { verificationCoverage } from "@/lib/methods/phonecheck/coverage";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/phone-check/network?verification=… – whether this browser's address is on a mobile
// network where PhoneCheck runs, for one of its pending checks: {coverage: "mobile" |
// "not_mobile" | "unknown"} (the panel asks to turn off Wi-Fi unless it is "mobile")
export const GET = browserRoute(async ({ request, caller }) => {
  const id = new URL(request.url).searchParams.get("verification");
  if (!id) throw new ApiError("bad_request", "verification parameter is required");
  return { body: { coverage: await verificationCoverage(caller, id) } };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
