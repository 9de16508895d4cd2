import { z } from "zod";
import { readJsonOrForm } from "@/lib/api/body";
import { browserRoute, errorBody, logRefusal } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { guidePush } from "@/lib/methods/truecaller/guide";
import { otherMethods } from "@/lib/api/not-allowed";

// The Truecaller guide's own start (docs/providers.md#truecaller): its page posts the form
// field phone_number here (jQuery's serialize: a form body; JSON works too) and then polls
// GET /auth/true-sdk?requestId=… with the cookie this answer sets.

const pushBody = z.object({
  phone_number: z
    .union([z.string(), z.number()], {
      error: "the number with its country code, e.g. 12065550123",
    })
    .transform(String)
    .pipe(z.string().max(32)),
});

// POST /ajaxpost – push a Truecaller prompt to phone_number: {status_code, text, requestId}
export const POST = browserRoute(async ({ request, caller }) => {
  try {
    const { phone_number } = await readJsonOrForm(request, pushBody);
    const { answer, binding } = await guidePush(caller, phone_number);
    return { body: answer, binding };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // Answered as a reply, not through the wrapper's error path: logged here as it would be there.
    logRefusal(error, request);
    // Refused before Truecaller was asked: our status and error envelope, with the guide's
    // fields beside it so that its page can show `text`.
    const envelope = errorBody(error, request);
    return {
      status: error.status,
      body: {
        ...envelope,
        status_code: error.status,
        text: envelope.error.message,
        requestId: null,
      },
      headers: error.headers,
    };
  }
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
