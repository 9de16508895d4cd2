// A client for the SMS service API (/api/sms-auth) with the seed's two operations
// (Flowroute's client.py: create_auth, authenticate_code), typed, and usable from any
// TypeScript server. Every failure is an SmsAuthError carrying the service's `reason`.

export type SmsAuthReason =
  | "InvalidAPIUsage"
  | "UnknownAuthId"
  | "ExpiredAuthCode"
  | "InvalidAuthCode"
  | "SmsSendFailed"
  | "TooManyRequests"
  | "ServiceUnavailable"
  | "CrossSiteRequest"
  | "InternalError"
  | "ServiceError"; // no JSON answer at all (a proxy's HTML page, a dropped connection)

export class SmsAuthError extends Error {
  constructor(
    message: string,
    readonly reason: SmsAuthReason,
    readonly status: number,
    readonly attemptsLeft?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SmsAuthError";
  }
}

export type Created = { message: string; auth_id: string };
export type Authenticated = { authenticated: true; auth_id: string; message: string };

export class SmsAuthClient {
  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Creates (or replaces) the code for `authId` and sends it by SMS to `recipient`. */
  createAuth(authId: string, recipient: string | number): Promise<Created> {
    return this.call<Created>(this.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ auth_id: authId, recipient }),
    });
  }

  /** Checks `code`; resolves only when it is right. */
  authenticateCode(authId: string, code: string | number): Promise<Authenticated> {
    const url = new URL(this.endpoint);
    url.searchParams.set("auth_id", authId);
    url.searchParams.set("code", String(code));
    return this.call<Authenticated>(url.toString(), { method: "GET" });
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new SmsAuthError("The SMS service could not be reached", "ServiceError", 0);
    }
    const body = (await response.json().catch(() => undefined)) as
      Record<string, unknown> | undefined;
    if (response.ok && body) return body as T;
    if (!body || typeof body.reason !== "string") {
      throw new SmsAuthError(
        `The SMS service answered ${response.status} without JSON`,
        "ServiceError",
        response.status,
      );
    }
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new SmsAuthError(
      String(body.message ?? body.reason),
      body.reason as SmsAuthReason,
      response.status,
      typeof body.attempts_left === "number" ? body.attempts_left : undefined,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
}
