import "server-only";
import type { Caller } from "@/lib/core/caller";
import { schemaIsAhead } from "@/lib/db/migrations-status";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ApiError } from "@/lib/errors";
import { say, words } from "@/lib/i18n/catalogue";
import { requestLocale } from "@/lib/i18n/request";
import { log } from "@/lib/log";
import { callerOf, cookiesFor, type Verified } from "./caller";
import { assertSameOrigin } from "./origin";
import { API_CACHE_CONTROL, json } from "./json";

// The JSON answer, also for handlers that are not routes of ours (the providers' emulators).
export { API_CACHE_CONTROL, json } from "./json";

export type RouteContext<P extends RouteParams = Record<string, string>> = {
  params: Promise<P>;
};

type RouteParams = Record<string, string | string[]>;

type Handler<P extends RouteParams> = (
  request: Request,
  context: RouteContext<P>,
) => Promise<Response>;

/**
 * Wraps a route handler: an ApiError becomes `{ error: { code, message, ... } }` with the
 * status of its code; anything else is logged and answered 500 with a generic message.
 */
export function route<P extends RouteParams = Record<string, string>>(
  handler: Handler<P>,
): Handler<P> {
  return async (request, context) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD" && (await schemaIsAhead())) {
        throw new ApiError("service_unavailable", words("server.errors.outdated"), {
          headers: { "Retry-After": "60" },
        });
      }
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/** What a browser-facing handler returns; the wrapper turns it into the response and cookies. */
export type Reply = {
  status?: number;
  body?: unknown;
  /** Answered as the error envelope instead of `body`; the cookies are still set. */
  error?: ApiError;
  headers?: Record<string, string>;
  /** A binding secret the handler minted (the caller had none): set as the binding cookie. */
  binding?: string;
  /** The verification the answer is about: once approved, the browser gets a fresh session. */
  verified?: Verified;
};

type BrowserHandler<P extends RouteParams> = (input: {
  request: Request;
  caller: Caller;
  params: P;
}) => Promise<Reply>;

/**
 * Wraps a handler that browsers call: state-changing requests must come from our own pages
 * (docs/security.md#cross-site-requests); the caller is read from the cookies once; the cookies
 * the handler's answer calls for are written here and nowhere else.
 */
export function browserRoute<P extends RouteParams = Record<string, string>>(
  handler: BrowserHandler<P>,
): Handler<P> {
  return route<P>(async (request, context) => {
    if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
    const caller = callerOf(request);
    const reply = await handler({ request, caller, params: await context.params });
    const response = reply.error
      ? errorResponse(reply.error, request)
      : json(reply.body ?? null, { status: reply.status ?? 200, headers: reply.headers });
    if (reply.error && reply.headers) {
      for (const [name, value] of Object.entries(reply.headers)) response.headers.set(name, value);
    }
    for (const cookie of cookiesFor(request, caller, reply)) {
      response.headers.append("Set-Cookie", cookie);
    }
    return response;
  });
}

/**
 * The JSON envelope of an ApiError: `{ error: { code, message, …details } }`, its message in
 * the language of the request (lib/i18n/request.ts).
 */
export function errorBody(error: ApiError, request?: Request) {
  const message = request ? error.messageIn(requestLocale(request)) : error.message;
  return { error: { code: error.code, message, ...error.details } };
}

export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ApiError) {
    return Response.json(errorBody(error, request), {
      status: error.status,
      headers: { "Cache-Control": API_CACHE_CONTROL, ...error.headers },
    });
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", {
      error: error instanceof Error ? error.message : String(error),
    });
    return errorResponse(
      new ApiError("service_unavailable", words("server.errors.unavailable"), {
        headers: { "Retry-After": "5" },
      }),
      request,
    );
  }
  log.error("unhandled error", {
    path: request ? new URL(request.url).pathname : undefined,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  const message = say(request ? requestLocale(request) : "en", words("server.errors.internal"));
  return Response.json(
    { error: { code: "internal", message } },
    { status: 500, headers: { "Cache-Control": API_CACHE_CONTROL } },
  );
}
