import { browserRoute } from "@/lib/api/route";
import { verificationStatus } from "@/lib/methods/service";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/verifications/:id – the status of one of this browser's verifications
export const GET = browserRoute<{ id: string }>(async ({ caller, params }) => {
  const verification = await verificationStatus(caller, params.id);
  return { body: { verification }, verified: verification };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
