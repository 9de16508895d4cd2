import { basicAuth, ProviderError, send, type Answer } from "@/lib/providers/http";
import { errorEnvelopeSchema, sendResponseSchema, type SendRequest } from "./wire";

export type FlowrouteConfig = {
  baseUrl: string; // https://api.flowroute.com, or the app's own /api/sandbox/flowroute
  accessKey: string;
  secretKey: string;
  from: string; // 1XXXXXXXXXX
  timeoutMs: number;
};

type SentSms = { id: string };

export class FlowrouteError extends ProviderError<
  | "unauthorized" // 401: the access key / secret key pair is wrong
  | "forbidden" // 403: sender not on the account, or a destination Flowroute refuses
  | "invalid" // 400, 404, 415, 422: the message itself was refused
  | "rate_limited" // 429
  | "server" // 5xx
> {}

/** `to` in the form v2.1 takes: the E.164 digits without "+", e.g. 12065551234. */
export function toFlowrouteNumber(e164: string): string {
  return e164.replace(/^\+/, "");
}

// POST /v2.1/messages — send one SMS. Success is 202 with the message id ("mdr2-…")
// (docs/providers.md#messaging-api-v21).
export async function sendSms(
  config: FlowrouteConfig,
  message: { to: string; body: string },
): Promise<SentSms> {
  const payload: SendRequest = { to: message.to, from: config.from, body: message.body };
  const answer = await send(
    { name: "Flowroute", timeoutMs: config.timeoutMs, error: FlowrouteError },
    `${config.baseUrl}/v2.1/messages`,
    {
      method: "POST",
      headers: {
        Authorization: basicAuth(config.accessKey, config.secretKey),
        "Content-Type": "application/json",
        Accept: "application/vnd.api+json, application/json",
      },
      body: JSON.stringify(payload),
    },
  );
  if (!answer.ok) throw errorFor(answer);
  return { id: answer.parse(sendResponseSchema).data.id };
}

function errorFor(answer: Answer): FlowrouteError {
  const envelope = errorEnvelopeSchema.safeParse(answer.json());
  const first = envelope.success ? envelope.data.errors[0] : undefined;
  const status = answer.status;
  const extra = { status, detail: first?.detail ?? first?.title };
  if (status === 401)
    return new FlowrouteError("unauthorized", "Flowroute refused the credentials", extra);
  if (status === 403)
    return new FlowrouteError("forbidden", "Flowroute refused to send this message", extra);
  if (status === 429) {
    return new FlowrouteError("rate_limited", "Flowroute is rate limiting us", {
      ...extra,
      retryAfterSeconds: answer.retryAfterSeconds,
    });
  }
  if (status >= 500) return new FlowrouteError("server", `Flowroute failed (${status})`, extra);
  return new FlowrouteError("invalid", `Flowroute refused the message (${status})`, extra);
}
