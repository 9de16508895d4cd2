// GET /api/ping – an empty answer: the framework's own ceiling, for the benchmark
export function GET(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
