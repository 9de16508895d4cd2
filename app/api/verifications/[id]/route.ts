import { browserRoute } from "@/lib/api/route";
import { verificationStatus } from "@/lib/methods/service";

// GET /api/verifications/:id – the status of one of this browser's verifications
export const GET = browserRoute<{ id: string }>(async ({ caller, params }) => {
  const verification = await verificationStatus(caller, params.id);
  return { body: { verification }, verified: verification };
});
