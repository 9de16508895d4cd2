import { say, type Words } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locales";

// One error type for everything the API answers on purpose; api/route.ts renders it.

const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  invalid_phone: 400,
  invalid_code: 400,
  unauthorized: 401,
  forbidden: 403,
  challenge_required: 403,
  cross_site_request: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  expired: 410,
  payload_too_large: 413,
  idempotency_mismatch: 422,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  provider_error: 502,
  sms_send_failed: 502,
  method_unavailable: 503,
  service_unavailable: 503,
  provider_timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * What an error says: plain text (for developers: a malformed body, a missing parameter), or
 * catalogue words for what a person reads, rendered in the language of the request.
 */
export type Said = string | Words;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly words: Words | undefined;

  constructor(
    code: ErrorCode,
    message: Said,
    options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    // `message` is English: logs, tests and clients without a language read it.
    super(typeof message === "string" ? message : say("en", message));
    this.words = typeof message === "string" ? undefined : message;
    this.name = "ApiError";
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The message in `locale`, where it is a person's words; otherwise as written. */
  messageIn(locale: Locale): string {
    return this.words ? say(locale, this.words) : this.message;
  }
}

/** The answer for an id that does not exist or is not the caller's: the two must look alike. */
export function notFound(what = "verification"): ApiError {
  return new ApiError("not_found", `No ${what} with this id.`);
}

/**
 * A 429 that says when to ask again; `reason` names a refusal a client acts on (`paused`: the
 * method is off for this number for a while, so the start form hands over to the others).
 */
export function rateLimited(message: Said, retryAfterSeconds: number, reason?: string): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError("rate_limited", message, {
    details: { retryAfter: seconds, ...(reason ? { reason } : {}) },
    headers: { "Retry-After": String(seconds) },
  });
}
