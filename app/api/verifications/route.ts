import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { idempotent } from "@/lib/api/idempotency";
import { problemError } from "@/lib/api/problem";
import { browserRoute } from "@/lib/api/route";
import { phoneInput, sessionInput } from "@/lib/core/phone-input";
import { methodNames } from "@/lib/method-names";
import { startVerification } from "@/lib/methods/service";
import { checkAttempt } from "@/lib/sessions/hosted";

const startBody = z.object({
  method: z.enum(methodNames, { error: `one of ${methodNames.join(", ")}` }),
  ...phoneInput,
  // The proof-of-work widget's solution, when the server asked for one (403 challenge_required).
  challenge: z.string().max(8192).optional(),
  ...sessionInput,
  // Truecaller: the pending push of this browser that this one is sent in place of (its page's
  // "Send the prompt again"); it ends once the new prompt is out.
  replaces: z.string().min(1).max(64).optional(),
});

// POST /api/verifications – start a verification of a number by one method (Idempotency-Key
// makes a retry answer as the first request did)
export const POST = browserRoute(async ({ request, caller }) => {
  const body = await readJson(request, startBody);
  return idempotent(request, caller, body, async () => {
    const { challenge, session, replaces, ...input } = body;
    if (session !== undefined) await checkAttempt(caller, session, input);
    const started = await startVerification(caller, {
      ...input,
      options: { challenge, ...(replaces === undefined ? {} : { replaces }) },
      sessionId: session,
    });
    const { verification, problem, binding } = started;
    // The verification exists even when its provider step failed: the answer carries it.
    if (problem) return { error: problemError(problem, verification), binding };
    return { status: 201, body: { verification }, binding };
  });
});
