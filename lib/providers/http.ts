import type { z } from "zod";

// The one HTTP transport of every provider client (Flowroute, Truecaller, tru.ID). Each client
// keeps only what is its own: paths, bodies, and which answer means which error.

/** Failures of the call itself, the same for every provider. */
type TransportFailure = "timeout" | "network" | "redirect" | "malformed";

type ErrorExtra = { status?: number; detail?: string; retryAfterSeconds?: number };

/** What every provider client throws; each client subclasses it with the kinds of its API. */
export class ProviderError<Kind extends string = string> extends Error {
  readonly kind: Kind | TransportFailure;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: Kind | TransportFailure, message: string, extra: ErrorExtra = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.status = extra.status;
    this.detail = extra.detail;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /** What a log line may say of the failure (never a credential or a token). */
  get summary(): Record<string, string | number | undefined> {
    return { kind: this.kind, status: this.status, detail: this.detail };
  }
}

/** Who is called, how long we wait for them, and the error class their client throws. */
export type Provider<E extends ProviderError> = {
  name: string;
  timeoutMs: number;
  error: new (kind: TransportFailure, message: string, extra?: ErrorExtra) => E;
};

export type Answer = {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  /** Seconds from a Retry-After header (seconds or an HTTP date), if it had one. */
  retryAfterSeconds: number | undefined;
  /** The body as JSON; undefined when it is not JSON. */
  json(): unknown;
  /** The body checked against `schema`; anything else is the provider's `malformed` error. */
  parse<S extends z.ZodType>(schema: S): z.infer<S>;
};

/**
 * One request to a provider.
 * - The timeout covers reading the body too: a provider can stall after its headers.
 * - Answers are asked for uncompressed: they are a few hundred bytes, and a gzip stream per
 *   answer costs both ends more CPU than it saves on the wire.
 * - Redirects are never followed: a 3xx could take a credential or a token to another host
 *   (docs/security.md#truecaller-callback). It is an error of kind `redirect`.
 */
export async function send<E extends ProviderError>(
  provider: Provider<E>,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const signal = AbortSignal.timeout(provider.timeoutMs);
  const headers = new Headers(init.headers);
  headers.set("Accept-Encoding", "identity");
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers, signal, redirect: "manual" });
  } catch (error) {
    throw failure(provider, error, "did not answer");
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(provider, error, "did not finish its answer");
  }
  if (response.status >= 300 && response.status < 400) {
    throw new provider.error("redirect", `${provider.name} answered with a redirect`, {
      status: response.status,
    });
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  return {
    status: response.status,
    ok: response.ok,
    headers: response.headers,
    text,
    retryAfterSeconds,
    json: () => parseJson(text),
    parse(schema) {
      const parsed = schema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new provider.error("malformed", `${provider.name} answered with an unexpected body`, {
          status: response.status,
        });
      }
      return parsed.data;
    },
  };
}

function failure<E extends ProviderError>(provider: Provider<E>, error: unknown, what: string): E {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new provider.error(
      "timeout",
      `${provider.name} ${what} within ${provider.timeoutMs} ms`,
    );
  }
  return new provider.error("network", `${provider.name} could not be reached`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, at = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds > 0 ? seconds : undefined;
  }
  const date = Date.parse(text);
  if (!Number.isFinite(date)) return undefined;
  const seconds = Math.ceil((date - at) / 1000);
  return seconds > 0 ? seconds : undefined;
}

/** `Authorization: Basic …` from a key pair. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
