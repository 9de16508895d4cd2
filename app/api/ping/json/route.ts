import { API_CACHE_CONTROL } from "@/lib/api/route";

// GET /api/ping/json – a small JSON answer and no work: what the framework costs for an answer
// with a body. The benchmark reports it beside the empty route, so that a case's distance from
// the ceiling splits into what Next.js charges for a body and what the case itself does.
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "Cache-Control": API_CACHE_CONTROL } });
}
