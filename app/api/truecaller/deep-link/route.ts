import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { phoneInput, sessionInput } from "@/lib/core/phone-input";
import { startVerification } from "@/lib/methods/service";
import { checkAttempt } from "@/lib/sessions/hosted";
import { otherMethods } from "@/lib/api/not-allowed";

const startBody = z.strictObject({
  ...phoneInput,
  ...sessionInput,
  // The push verification whose page this was started from: the deep link replaces it.
  replaces: z.string().min(1).max(64).optional(),
});

// POST /api/truecaller/deep-link – start a Truecaller verification on this Android phone (flow B)
export const POST = browserRoute(async ({ request, caller }) => {
  const { session, replaces, ...input } = await readJson(request, startBody);
  if (session !== undefined)
    await checkAttempt(caller, session, { ...input, method: "truecaller" });
  const { verification, binding } = await startVerification(caller, {
    ...input,
    method: "truecaller",
    options: { flow: "deeplink", replaces },
    sessionId: session,
  });
  return { status: 201, body: { verification }, binding };
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
