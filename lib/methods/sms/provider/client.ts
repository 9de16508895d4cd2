import { errorEnvelopeSchema, sendResponseSchema, type SendRequest } from "./wire";

export type FlowrouteConfig = {
  baseUrl: string; // https://api.flowroute.com, or the app's own /api/sandbox/flowroute
  accessKey: string;
  secretKey: string;
  from: string; // 1XXXXXXXXXX
  timeoutMs: number;
};

export type SentSms = { id: string };

export type FlowrouteErrorKind =
  | "unauthorized" // 401: the access key / secret key pair is wrong
  | "forbidden" // 403: sender not on the account, or a destination Flowroute refuses
  | "invalid" // 400, 404, 415, 422: the message itself was refused
  | "rate_limited" // 429
  | "server" // 5xx
  | "timeout"
  | "network"
  | "malformed"; // a 2xx whose body is not what the API documents

export class FlowrouteError extends Error {
  readonly kind: FlowrouteErrorKind;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: FlowrouteErrorKind,
    message: string,
    extra: { status?: number; detail?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "FlowrouteError";
    this.kind = kind;
    this.status = extra.status;
    this.detail = extra.detail;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/** `to` in the form v2.1 takes: the E.164 digits without "+", e.g. 12065551234. */
export function toFlowrouteNumber(e164: string): string {
  return e164.replace(/^\+/, "");
}

// POST /v2.1/messages — send one SMS. Success is 202 with the message id ("mdr2-…").
export async function sendSms(
  config: FlowrouteConfig,
  message: { to: string; body: string },
): Promise<SentSms> {
  const payload: SendRequest = { to: message.to, from: config.from, body: message.body };
  let response: Response;
  try {
    response = await fetch(`${config.baseUrl}/v2.1/messages`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${config.accessKey}:${config.secretKey}`).toString("base64")}`,
        "Content-Type": "application/json",
        Accept: "application/vnd.api+json, application/json",
        // The answers are a few hundred bytes: compressing them costs both ends more CPU than
        // it saves on the wire (a gzip stream per answer, about a millisecond each).
        "Accept-Encoding": "identity",
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(config.timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new FlowrouteError("timeout", `Flowroute did not answer within ${config.timeoutMs} ms`);
    }
    throw new FlowrouteError("network", "Flowroute could not be reached");
  }
  const text = await readBody(response, config.timeoutMs);
  if (response.ok) {
    const parsed = sendResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new FlowrouteError("malformed", "Flowroute answered with an unexpected body", {
        status: response.status,
      });
    }
    return { id: parsed.data.data.id };
  }
  throw errorFor(response, text);
}

function errorFor(response: Response, text: string): FlowrouteError {
  const envelope = errorEnvelopeSchema.safeParse(parseJson(text));
  const first = envelope.success ? envelope.data.errors[0] : undefined;
  const detail = first?.detail ?? first?.title;
  const status = response.status;
  const extra = { status, detail };
  if (status === 401)
    return new FlowrouteError("unauthorized", "Flowroute refused the credentials", extra);
  if (status === 403)
    return new FlowrouteError("forbidden", "Flowroute refused to send this message", extra);
  if (status === 429) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return new FlowrouteError("rate_limited", "Flowroute is rate limiting us", {
      ...extra,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }
  if (status >= 500) return new FlowrouteError("server", `Flowroute failed (${status})`, extra);
  return new FlowrouteError("invalid", `Flowroute refused the message (${status})`, extra);
}

async function readBody(response: Response, timeoutMs: number): Promise<string> {
  // The body can stall after the headers; the request's timeout signal covers it too.
  try {
    return await response.text();
  } catch {
    throw new FlowrouteError(
      "timeout",
      `Flowroute did not finish its answer within ${timeoutMs} ms`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
