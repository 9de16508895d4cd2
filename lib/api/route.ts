import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Every JSON answer of the API. Never cached; and `no-transform` keeps `next start` from
 * gzipping it: the answers are a few hundred bytes, and a gzip stream per answer costs about
 * a millisecond of CPU — more than the rest of a status poll.
 */
export const API_CACHE_CONTROL = "no-store, no-transform";

export type RouteContext<P extends Record<string, string> = Record<string, string>> = {
  params: Promise<P>;
};

type Handler<P extends Record<string, string>> = (
  request: Request,
  context: RouteContext<P>,
) => Promise<Response>;

/**
 * Wraps a route handler: an ApiError becomes `{ error: { code, message, ... } }` with the
 * status of its code; anything else is logged and answered 500 with a generic message.
 */
export function route<P extends Record<string, string> = Record<string, string>>(
  handler: Handler<P>,
): Handler<P> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ApiError) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...error.details } },
      { status: error.status, headers: { "Cache-Control": API_CACHE_CONTROL, ...error.headers } },
    );
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", {
      error: error instanceof Error ? error.message : String(error),
    });
    return errorResponse(
      new ApiError(
        "service_unavailable",
        "The service is briefly unavailable. Please try again in a moment.",
        {
          headers: { "Retry-After": "5" },
        },
      ),
    );
  }
  log.error("unhandled error", {
    path: request ? new URL(request.url).pathname : undefined,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on our side. Please try again." } },
    { status: 500, headers: { "Cache-Control": API_CACHE_CONTROL } },
  );
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", API_CACHE_CONTROL);
  return Response.json(body, { ...init, headers });
}
