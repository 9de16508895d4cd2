import "server-only";
import type { Caller } from "@/lib/core/caller";
import { schemaAhead } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ApiError } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import { requestLocale } from "@/lib/i18n/request";
import { log } from "@/lib/log";
import { callerOf, cookiesFor, serverCallerOf, type Verified } from "./caller";
import { clientIp } from "./client-ip";
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
      if (request.method !== "GET" && request.method !== "HEAD") await refuseIfSchemaAhead();
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/** No writes while a newer version of the app has migrated the database. */
async function refuseIfSchemaAhead(): Promise<void> {
  if (await schemaAhead()) {
    throw new ApiError("service_unavailable", words("server.errors.outdated"), {
      headers: { "Retry-After": "60" },
    });
  }
}

/**
 * What a handler returns; the wrapper turns it into the response and its cookies. The answer is
 * JSON (`body`), or a 303 to `redirect`, or the HTML page `html`.
 */
export type Reply = {
  status?: number;
  body?: unknown;
  /** A 303 to this absolute url instead of a body. */
  redirect?: string;
  /** An HTML page instead of JSON (its own headers, such as its CSP, in `headers`). */
  html?: string;
  /** Answered as the error envelope instead of `body`; the cookies are still set. */
  error?: ApiError;
  headers?: Record<string, string>;
  /** A binding secret the handler minted (the caller had none): set as the binding cookie. */
  binding?: string;
  /**
   * The handler bound something that lasts (a session) to the binding the caller holds: its
   * cookie is sent again with a fresh max-age, so that it does not run out meanwhile.
   */
  renewBinding?: boolean;
  /** The verification the answer is about: once approved, the browser gets a fresh session. */
  verified?: Verified;
  /** The language an app or the person chose: set as the language cookie for the next pages. */
  locale?: string;
  /** The person signed out: the session cookie is cleared. */
  signOut?: boolean;
};

/** What a browser's or a guide's route handler is: the request and its caller in, a Reply out. */
type ReplyHandler<P extends RouteParams> = (input: {
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
  handler: ReplyHandler<P>,
): Handler<P> {
  return route<P>(async (request, context) => {
    if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
    const caller = callerOf(request);
    const reply = await handler({ request, caller, params: await context.params });
    const response = replyResponse(reply, request);
    for (const cookie of cookiesFor(request, caller, reply)) {
      response.headers.append("Set-Cookie", cookie);
    }
    return response;
  });
}

function replyResponse(reply: Reply, request: Request): Response {
  if (reply.error) {
    const response = errorResponse(reply.error, request);
    for (const [name, value] of Object.entries(reply.headers ?? {})) {
      response.headers.set(name, value);
    }
    return response;
  }
  if (reply.redirect !== undefined) {
    return new Response(null, {
      status: 303,
      headers: { Location: reply.redirect, "Cache-Control": "no-store", ...reply.headers },
    });
  }
  if (reply.html !== undefined) {
    return new Response(reply.html, {
      status: reply.status ?? 200,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        ...reply.headers,
      },
    });
  }
  return json(reply.body ?? null, { status: reply.status ?? 200, headers: reply.headers });
}

/**
 * Wraps a route of a guide's server-to-server API (the seed SMS API,
 * lib/methods/sms/guide-http.ts). The caller is a server: its address, none of a browser's
 * cookies or language; `authorize` says whether it may call (it throws when not) and whether
 * it presented a key. Every call may write (a check counts a guess), so none is taken while a
 * newer app has migrated the database. Every error, ours or unexpected, is answered in the
 * guide's own form: `errorBody`, with the error's status and headers.
 */
export function guideRoute<P extends RouteParams = Record<string, string>>(
  handler: ReplyHandler<P>,
  options: {
    authorize: (request: Request) => { keyed: boolean };
    errorBody: (error: ApiError) => unknown;
  },
): Handler<P> {
  const answer = (error: ApiError, request: Request) => {
    logRefusal(error, request);
    return json(options.errorBody(error), { status: error.status, headers: error.headers });
  };
  return async (request, context) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
      const { keyed } = options.authorize(request);
      await refuseIfSchemaAhead();
      const caller = serverCallerOf(request, keyed);
      const reply = await handler({ request, caller, params: await context.params });
      if (reply.error) return answer(reply.error, request);
      return json(reply.body ?? null, { status: reply.status ?? 200, headers: reply.headers });
    } catch (error) {
      return answer(asApiError(error, request), request);
    }
  };
}

/**
 * The JSON envelope of an ApiError: `{ error: { code, message, …details } }`, its message in
 * the language of the request (lib/i18n/request.ts).
 */
export function errorBody(error: ApiError, request?: Request) {
  const message = request ? error.messageIn(requestLocale(request)) : error.message;
  return { error: { code: error.code, message, ...error.details } };
}

function errorResponse(error: unknown, request?: Request): Response {
  const known = asApiError(error, request);
  if (request) logRefusal(known, request);
  return Response.json(errorBody(known, request), {
    status: known.status,
    headers: { "Cache-Control": API_CACHE_CONTROL, ...known.headers },
  });
}

// The refusals an operator watches for abuse: a missing or wrong key, a cross-site request, a
// challenge not solved, a limit hit (docs/security.md#logging). The error's code and the
// caller's address say who and why; nothing the request carried (keys, cookies, codes) is kept.
const WATCHED = new Set([401, 403, 429]);

export function logRefusal(error: ApiError, request: Request): void {
  if (!WATCHED.has(error.status)) return;
  log.warn("request refused", {
    code: error.code,
    status: error.status,
    method: request.method,
    path: new URL(request.url).pathname,
    ip: clientIp(request.headers) ?? "unknown",
  });
}

/**
 * What any error is answered as: an ApiError as it is; a database that cannot be reached, a
 * 503 to retry in a moment; anything else is logged and is a 500 that says nothing more.
 */
function asApiError(error: unknown, request?: Request): ApiError {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", {
      error: error instanceof Error ? error.message : String(error),
    });
    return new ApiError("service_unavailable", words("server.errors.unavailable"), {
      headers: { "Retry-After": "5" },
    });
  }
  log.error("unhandled error", {
    path: request ? new URL(request.url).pathname : undefined,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return new ApiError("internal", words("server.errors.internal"));
}
