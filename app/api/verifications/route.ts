import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { phoneInput } from "@/lib/core/phone-input";
import { ApiError } from "@/lib/errors";
import { methodNames, startVerification } from "@/lib/methods/service";

const startBody = z.object({
  method: z.enum(methodNames, { error: `one of ${methodNames.join(", ")}` }),
  ...phoneInput,
});

// POST /api/verifications – start a verification of a number by one method
export const POST = browserRoute(async ({ request, caller }) => {
  const input = await readJson(request, startBody);
  const { verification, problem, binding } = await startVerification(caller, input);
  if (problem) {
    // The verification exists and can be resent: say so, with its id, rather than fail blind.
    const details = { verification };
    return { error: new ApiError(problem.code, problem.message, { details }), binding };
  }
  return { status: 201, body: { verification }, binding };
});
