import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { verificationMethods } from "@/lib/db/schema/core";
import { ApiError } from "@/lib/errors";
import { phoneInput } from "@/lib/core/phone-input";
import { startVerification, toDto } from "@/lib/core/service";

const startBody = z.object({
  method: z.enum(verificationMethods, { error: "one of sms, truecaller, phonecheck" }),
  ...phoneInput,
});

// POST /api/verifications – start a verification of a number by one method
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, startBody);
  const { verification, problem, setCookie } = await startVerification(request, input);
  const headers = setCookie ? { "Set-Cookie": setCookie } : undefined;
  if (problem) {
    // The verification exists and can be resent: say so, with its id, rather than fail blind.
    const error = new ApiError(problem.code, problem.message, {
      details: { verification: toDto(verification) },
      headers,
    });
    throw error;
  }
  return json({ verification: toDto(verification) }, { status: 201, headers });
});
