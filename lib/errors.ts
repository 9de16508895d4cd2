// One error type for everything the API answers on purpose; api/route.ts renders it.

const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  invalid_phone: 400,
  country_not_allowed: 400,
  invalid_code: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  expired: 410,
  payload_too_large: 413,
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

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** The answer for an id that does not exist or is not the caller's: the two must look alike. */
export function notFound(what = "verification"): ApiError {
  return new ApiError("not_found", `No ${what} with this id.`);
}

export function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError("rate_limited", message, {
    details: { retryAfter: seconds },
    headers: { "Retry-After": String(seconds) },
  });
}
