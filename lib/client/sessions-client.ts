import { createRemoteJWKSet, customFetch, errors, jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";

// A client of the verification sessions API (POST /api/v1/sessions) for the apps that use it.
// It depends on `jose` and `standardwebhooks` only, so that an app can copy this one file.

export { WebhookVerificationError } from "standardwebhooks";

export type SessionMethod = "phonecheck" | "truecaller" | "sms";
export type SessionStatus = "pending" | "verified" | "failed" | "expired" | "canceled";

export type SessionView = {
  id: string;
  status: SessionStatus;
  phone: string | null;
  method: string | null;
  name: string | null; // the person's name, where Truecaller gave one
  reference: string | null;
  verified_at: string | null;
  expires_at: string;
  created_at: string;
  attempts: { method: string; status: string; reason: string | null }[];
};

export type CreatedSession = { id: string; url: string; status: "pending"; expires_at: string };

export type CreateSessionInput = {
  return_url: string;
  phone?: string;
  methods?: SessionMethod[];
  reference?: string;
  locale?: string;
};

/** The claims of a result token (the `token` parameter of the return URL). */
export type ResultTokenClaims = {
  iss: string;
  aud: string; // your API key id
  sub: string; // the verified number, E.164
  phone_number: string;
  phone_number_verified: true;
  amr: SessionMethod[]; // how it was verified (RFC 8176)
  sid: string; // the session id
  reference: string | null;
  name?: string;
  /** When the number was verified (seconds); tokens signed before it was added lack it. */
  auth_time?: number;
  iat: number;
  exp: number;
  jti: string;
};

export type WebhookEvent = {
  type: "session.verified" | "session.failed" | "session.expired" | "session.canceled";
  timestamp: string;
  data: SessionView;
};

/** An error answer of the API: its `{ error: { code, message } }` and the HTTP status. */
export class SessionsApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "SessionsApiError";
    this.status = status;
    this.code = code;
  }
}

export type SessionsClientOptions = {
  baseUrl: string; // where the verification app runs, e.g. https://verify.example.com
  apiKey: string; // the secret of your API key
  keyId?: string; // its id: the audience of result tokens, needed by verifyToken
  /** The algorithms verifyToken accepts: by default every one the app can sign with. */
  algorithms?: ("ES256" | "RS256" | "EdDSA")[];
  fetch?: typeof fetch;
};

export function sessionsClient(options: SessionsClientOptions) {
  // Spelt as the server spells its APP_URL, the tokens' iss: lower-case host, no default port.
  const given = new URL(options.baseUrl);
  const baseUrl = `${given.origin}${given.pathname.replace(/\/+$/, "")}`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  // jose caches the keys and fetches them again when a token names a key it has not seen.
  // (Called as a plain function: a browser's fetch refuses to run as another object's method.)
  const jwks = createRemoteJWKSet(new URL(`${baseUrl}/.well-known/jwks.json`), {
    [customFetch]: (url, init) => fetchImpl(url, init),
  });

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => undefined)) as
      (T & { error?: { code?: string; message?: string } }) | undefined;
    if (!response.ok || answer === undefined) {
      throw new SessionsApiError(
        response.status,
        answer?.error?.code ?? "unexpected_response",
        answer?.error?.message ?? `The sessions API answered ${response.status} without JSON.`,
      );
    }
    return answer;
  }

  const sessionPath = (id: string) => `/api/v1/sessions/${encodeURIComponent(id)}`;

  return {
    createSession: (input: CreateSessionInput) =>
      call<CreatedSession>("POST", "/api/v1/sessions", input),
    getSession: (id: string) => call<SessionView>("GET", sessionPath(id)),
    cancelSession: (id: string) => call<SessionView>("POST", `${sessionPath(id)}/cancel`),
    /** Marks the token used (once), for apps that prefer asking us to checking it themselves. */
    redeemToken: (id: string, token: string) =>
      call<SessionView>("POST", `${sessionPath(id)}/redeem`, { token }),

    /**
     * Checks a result token offline against the published keys (each key with its own
     * algorithm, one of `algorithms`), issued by `baseUrl`, to
     * your key (`keyId`), not expired; and, given `sessionId`, of that session. Throws jose's
     * errors (`errors.JOSEError`) when it is not valid.
     */
    async verifyToken(token: string, check: { sessionId?: string } = {}) {
      if (!options.keyId) throw new Error("sessionsClient: pass keyId to verify tokens");
      const { payload } = await jwtVerify<ResultTokenClaims>(token, jwks, {
        algorithms: options.algorithms ?? ["ES256", "RS256", "EdDSA"],
        issuer: baseUrl,
        audience: options.keyId,
        typ: "JWT",
        requiredClaims: ["sub", "sid", "jti", "exp", "iat"],
      });
      if (check.sessionId !== undefined && payload.sid !== check.sessionId) {
        throw new errors.JWTClaimValidationFailed(
          'unexpected "sid" claim value',
          payload,
          "sid",
          "check_failed",
        );
      }
      return payload as ResultTokenClaims;
    },
  };
}

export type SessionsClient = ReturnType<typeof sessionsClient>;

/**
 * Checks a webhook's signature (Standard Webhooks: webhook-id, webhook-timestamp and
 * webhook-signature headers, at most five minutes old) over the raw body, and parses it. Throws
 * WebhookVerificationError when it is not ours.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  headers: Record<string, string> | Headers,
): WebhookEvent {
  const plain = headers instanceof Headers ? Object.fromEntries(headers.entries()) : headers;
  return new Webhook(secret).verify(body, plain) as WebhookEvent;
}
