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
  | "Unauthorized" // no API key, or not one of the server's (SMS_AUTH_API_KEYS)
  | "RecipientMismatch" // the auth_id is pending for another recipient
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
export type Authenticated = {
  authenticated: true;
  auth_id: string;
  message: string;
  /** The number that was verified, E.164 (added to the seed's answer). */
  recipient: string;
};

export class SmsAuthClient {
  /** `apiKey`: one of the server's SMS_AUTH_API_KEYS, needed once it has real Flowroute. */
  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs = 15_000,
    private readonly apiKey?: string,
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
      const headers = new Headers(init.headers);
      if (this.apiKey) headers.set("Authorization", `Bearer ${this.apiKey}`);
      response = await fetch(url, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
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
