import { ProviderError, type Answer } from "@/lib/providers/http";
import { problemSchema } from "./wire";

export class TruIdError extends ProviderError<
  | "unauthorized" // 401: bad client credentials, or a token refused even after a refresh
  | "phone_format_invalid" // 400: not E.164 digits
  | "mno_not_supported" // 400: tru.ID cannot reach this number's operator (or country)
  | "bad_request" // 400 of another kind, 403
  | "not_found" // 404 check_not_found (also: a code redeemed before the check_url was opened)
  | "ip_msisdn_mismatch" // 409: the device's IP belongs to another number
  | "not_mobile_ip" // 412: the device is not on mobile data
  | "rate_limited" // 429, with Retry-After
  | "server" // 5xx
> {
  /** The problem type's slug, e.g. "not_mobile_ip" (after "#" in `type`). */
  readonly type: string | undefined;

  constructor(
    kind: TruIdError["kind"],
    message: string,
    extra: { status?: number; type?: string; detail?: string; retryAfterSeconds?: number } = {},
  ) {
    super(kind, message, extra);
    this.type = extra.type;
  }
}

/** Turns a non-2xx answer (application/problem+json, RFC 7807) into a TruIdError. */
export function problemError(answer: Answer): TruIdError {
  const parsed = problemSchema.safeParse(answer.json());
  const problem = parsed.success ? parsed.data : {};
  const type = problem.type?.split("#").pop() || undefined;
  const status = answer.status;
  const extra = { status, type, detail: problem.detail ?? problem.title };
  const say = (what: string) => `tru.ID: ${what} (${status}${type ? ` ${type}` : ""})`;
  if (status === 400) {
    if (type === "phone_format_invalid" || type === "mno_not_supported") {
      return new TruIdError(type, say("refused the number"), extra);
    }
    // "The country for the supplied phone_number is not supported" has no slug of its own.
    if (/country|operator|network/i.test(problem.detail ?? "")) {
      return new TruIdError("mno_not_supported", say("cannot check this number"), extra);
    }
    return new TruIdError("bad_request", say("refused the request"), extra);
  }
  if (status === 401) return new TruIdError("unauthorized", say("refused our credentials"), extra);
  if (status === 404) return new TruIdError("not_found", say("does not know this check"), extra);
  if (status === 409) return new TruIdError("ip_msisdn_mismatch", say("IP/number mismatch"), extra);
  if (status === 412) return new TruIdError("not_mobile_ip", say("not a mobile IP"), extra);
  if (status === 429) {
    return new TruIdError("rate_limited", say("rate limited"), {
      ...extra,
      retryAfterSeconds: answer.retryAfterSeconds,
    });
  }
  if (status >= 500) return new TruIdError("server", say("failed"), extra);
  return new TruIdError("bad_request", say("refused the request"), extra);
}
