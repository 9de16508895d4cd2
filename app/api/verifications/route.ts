import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { idempotent } from "@/lib/api/idempotency";
import { problemError } from "@/lib/api/problem";
import { browserRoute } from "@/lib/api/route";
import { phoneInput, sessionInput } from "@/lib/core/phone-input";
import { methodNames } from "@/lib/method-names";
import { browserStartOptions, checkStartOptions, startVerification } from "@/lib/methods/service";
import { checkAttempt } from "@/lib/sessions/hosted";
import { otherMethods } from "@/lib/api/not-allowed";

// The number, the method, the session if any, and the methods' own options (SMS's challenge
// solution, Truecaller's `replaces`: each handler's browserOptions), handed to the method.
// Strict: a misspelt field is refused by name, not ignored.
const startBody = z.strictObject({
  method: z.enum(methodNames, { error: `one of ${methodNames.join(", ")}` }),
  ...phoneInput,
  ...sessionInput,
  ...browserStartOptions(),
});

// POST /api/verifications – start a verification of a number by one method (Idempotency-Key
// makes a retry answer as the first request did)
export const POST = browserRoute(async ({ request, caller }) => {
  const body = await readJson(request, startBody);
  return idempotent(request, caller, body, async () => {
    const { method, phone, country, session, ...options } = body;
    checkStartOptions(method, options);
    const input = { method, phone, ...(country === undefined ? {} : { country }) };
    // In a session, its methods are the ones here (a refusal offers another only among them).
    const offered = session === undefined ? undefined : await checkAttempt(caller, session, input);
    const started = await startVerification(
      caller,
      { ...input, options, sessionId: session },
      offered,
    );
    const { verification, problem, binding } = started;
    // The verification exists even when its provider step failed: the answer carries it.
    if (problem) return { error: problemError(problem, verification), binding };
    return { status: 201, body: { verification }, binding };
  });
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
