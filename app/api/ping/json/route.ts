import { API_CACHE_CONTROL } from "@/lib/api/route";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/ping/json – a small JSON answer and no work: what the framework costs for an answer
// with a body. `npm run bench` compares every case with it, so that a ratio says what the case
// itself costs beyond the framework's ceiling.
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "Cache-Control": API_CACHE_CONTROL } });
}

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
