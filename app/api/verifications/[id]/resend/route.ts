import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { resend } from "@/lib/core/browser";

// POST /api/verifications/:id/resend – replace the SMS code with a new one
export const POST = route<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const { id } = await params;
  const { verification, problem } = await resend(request, id);
  if (problem) throw new ApiError("sms_send_failed", problem, { details: { verification } });
  return json({ verification });
});
