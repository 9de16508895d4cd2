import { json, route } from "@/lib/api/route";
import { health } from "@/lib/health";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/health – is the database reachable, and which providers are real or sandboxed
export const GET = route(async () => {
  const report = await health();
  return json(report, { status: report.ok ? 200 : 503 });
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
