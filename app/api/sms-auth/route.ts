import { guideRoute } from "@/lib/api/route";
import { assertSeedCaller } from "@/lib/methods/sms/guide-auth";
import { checkCodeReply, createAuthReply, seedError } from "@/lib/methods/sms/guide-http";
import { otherMethods } from "@/lib/api/not-allowed";

// The Flowroute sms-verification service's API (docs/providers.md#the-sms-verification-service):
// its HTTP side is lib/methods/sms/guide-http.ts.
const guide = {
  authorize: (request: Request) => assertSeedCaller(request.headers),
  errorBody: seedError,
};

// POST /api/sms-auth – create (or overwrite) the code for an auth_id and send it by SMS
export const POST = guideRoute(createAuthReply, guide);

// GET /api/sms-auth?auth_id=…&code=… – check a code
export const GET = guideRoute(checkCodeReply, guide);

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
