import http from "node:http";
import https from "node:https";
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

  /**
   * What a log line may say of the failure: never a credential, a token or a phone number. The
   * provider's own words may quote the number ("The number 12065550422 cannot receive SMS."), and
   * logs name a verification by its id, not its number (docs/security.md#logging).
   */
  get summary(): Record<string, string | number | undefined> {
    return { kind: this.kind, status: this.status, detail: withoutNumbers(this.detail) };
  }
}

// Digits with the separators a number is written with between them; a run of 6 digits or more
// is taken for a number.
const DIGITS_IN_TEXT = /\+?\d[\d\s().-]*\d/g;

/** `text` with every phone number in it replaced by "[number]". */
export function withoutNumbers(text: string | undefined): string | undefined {
  return text?.replace(DIGITS_IN_TEXT, (run) =>
    run.replace(/\D/g, "").length >= 6 ? "[number]" : run,
  );
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
  text: string;
  /** Seconds from a Retry-After header (seconds or an HTTP date), if it had one. */
  retryAfterSeconds: number | undefined;
  /** The body as JSON; undefined when it is not JSON. */
  json(): unknown;
  /** The body checked against `schema`; anything else is the provider's `malformed` error. */
  parse<S extends z.ZodType>(schema: S): z.infer<S>;
};

// Connections are kept open between calls: a busy server sends to the same provider host over
// and over, and a TLS handshake per SMS would cost more than the SMS request itself. Idle
// sockets are dropped after 4 s, before the usual 5 s idle limit of the other side, so that a
// request rarely goes out on a socket the provider is closing.
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4000 }),
};

type Raw = { status: number; retryAfter: string | undefined; text: string };

class Timeout extends Error {}

/**
 * One request to a provider, on Node's own HTTP client: `fetch` (undici, and Next.js's
 * wrapper around it in route handlers) cost five times its CPU per call, which a create that
 * sends an SMS pays on every request.
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
  let raw: Raw;
  try {
    raw = await network.exchange(url, init, provider.timeoutMs);
  } catch (error) {
    if (error instanceof Timeout) {
      throw new provider.error(
        "timeout",
        `${provider.name} did not answer within ${provider.timeoutMs} ms`,
      );
    }
    throw new provider.error("network", `${provider.name} could not be reached`);
  }
  const { status, text } = raw;
  if (status >= 300 && status < 400) {
    throw new provider.error("redirect", `${provider.name} answered with a redirect`, { status });
  }
  return {
    status,
    ok: status >= 200 && status < 300,
    text,
    retryAfterSeconds: parseRetryAfter(raw.retryAfter ?? null),
    json: () => parseJson(text),
    parse(schema) {
      const parsed = schema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new provider.error("malformed", `${provider.name} answered with an unexpected body`, {
          status,
        });
      }
      return parsed.data;
    },
  };
}

/**
 * The network edge of every provider call, as an object so that a test can watch or fail the
 * calls that leave the process (`vi.spyOn(network, "exchange")`) without replacing a client.
 */
export const network = { exchange };

function exchange(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<Raw> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const headers: Record<string, string | number> = {
    ...init.headers,
    "Accept-Encoding": "identity",
  };
  if (body) headers["Content-Length"] = body.length;
  return new Promise<Raw>((resolve, reject) => {
    const request = client.request(target, {
      method: init.method ?? "GET",
      headers,
      agent: agents[target.protocol === "https:" ? "https:" : "http:"],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy();
    }, timeoutMs);
    // Whichever of the request or the response reports the end first: the timeout says why.
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(timedOut ? new Timeout() : error);
    };
    request.once("error", fail);
    request.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", fail);
      response.once("end", () => {
        clearTimeout(timer);
        const retryAfter = response.headers["retry-after"];
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          text: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    request.end(body);
  });
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
