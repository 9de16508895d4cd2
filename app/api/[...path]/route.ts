import { route } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";

// Any /api path that no route serves: the JSON error envelope of every other API answer, not
// Next's HTML 404 page, so that a client with a typo in its path reads what went wrong. Next
// tries every other route first; a catch-all is the least specific match.

// GET|POST|PUT|PATCH|DELETE /api/<anything else> – 404 not_found
const notFound = route(async (request) => {
  const path = new URL(request.url).pathname;
  throw new ApiError("not_found", `There is no API at ${path}: check the path and the README.`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
