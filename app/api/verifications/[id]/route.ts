import { json, route } from "@/lib/api/route";
import { verificationStatus } from "@/lib/core/browser";

// GET /api/verifications/:id – the status of one of this browser's verifications
export const GET = route<{ id: string }>(async (request, { params }) => {
  const { id } = await params;
  const { verification, setCookie } = await verificationStatus(request, id);
  return json({ verification }, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
});
