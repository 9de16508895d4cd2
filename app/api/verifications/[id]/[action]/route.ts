import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { problemError } from "@/lib/api/problem";
import { runAction } from "@/lib/methods/service";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/verifications/:id/:action – a step of the verification's method: `code` (check an
// SMS code), `resend` (a new SMS code)
export const POST = browserRoute<{ id: string; action: string }>(
  async ({ request, caller, params }) => {
    const input = await readJson(request, z.unknown());
    const { verification, problem } = await runAction(caller, params.id, params.action, input);
    if (problem) return { error: problemError(problem, verification), verified: verification };
    return { body: { verification }, verified: verification };
  },
);

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
