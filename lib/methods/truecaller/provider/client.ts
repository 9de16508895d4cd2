import {
  createRequestResponseSchema,
  errorBodySchema,
  profileSchema,
  type CreateRequestBody,
  type WireProfile,
} from "./wire";

export type TruecallerConfig = {
  requestUrl: string; // https://api4.truecaller.com/v1/apps/requests, or the emulator's
  profileUrl: string; // https://profile4.truecaller.com/v1/default, or the emulator's
  appKey: string;
  partnerName: string;
  timeoutMs: number;
};

export type TruecallerErrorKind =
  | "not_user" // 403 code 1008: the number has no Truecaller account
  | "bad_credentials" // 404: the app key is wrong
  | "unauthorized" // 401 on the profile: the token is unknown or expired
  | "rejected" // any other 4xx
  | "server" // 5xx
  | "timeout"
  | "network"
  | "malformed"; // a 2xx whose body is not what the API documents

export class TruecallerError extends Error {
  readonly kind: TruecallerErrorKind;
  readonly status: number | undefined;
  readonly code: number | undefined;

  constructor(
    kind: TruecallerErrorKind,
    message: string,
    extra: { status?: number; code?: number } = {},
  ) {
    super(message);
    this.name = "TruecallerError";
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
  }
}

/** Our view of a profile: numbers as E.164 digits without "+", whatever the wire had. */
export type TruecallerProfile = {
  phoneNumbers: string[];
  firstName: string | undefined;
  lastName: string | undefined;
  email: string | undefined;
  isActive: boolean | undefined;
};

/** Truecaller wants the E.164 digits without "+" (A.1). */
export function toTruecallerNumber(e164: string): string {
  return e164.replace(/^\+/, "");
}

// POST /v1/apps/requests (flow A): Truecaller pushes a consent prompt to the number's app.
export async function createRequest(
  config: TruecallerConfig,
  input: { phoneNumber: string; state?: string },
): Promise<{ requestId: string }> {
  const body: CreateRequestBody = { phoneNumber: Number(input.phoneNumber), state: input.state };
  const { response, text } = await call(config, config.requestUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", appKey: config.appKey },
    body: JSON.stringify(body),
  });
  if (response.ok) {
    const parsed = createRequestResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) throw malformed(response.status);
    return { requestId: parsed.data.requestId };
  }
  const error = errorBodySchema.safeParse(parseJson(text));
  const code = error.success ? error.data.code : undefined;
  const extra = { status: response.status, code };
  if (response.status === 403 && code === 1008) {
    throw new TruecallerError("not_user", "The number is not a Truecaller user", extra);
  }
  if (response.status === 404) {
    throw new TruecallerError("bad_credentials", "Truecaller refused the app key", extra);
  }
  throw statusError(response.status, extra);
}

// GET /v1/default (A.3, B.3): the profile of the person who granted the token.
export async function fetchProfile(
  config: TruecallerConfig,
  accessToken: string,
  url: string,
): Promise<TruecallerProfile> {
  const { response, text } = await call(config, url, {
    method: "GET",
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
  });
  if (response.status === 401) {
    throw new TruecallerError("unauthorized", "Truecaller refused the access token", {
      status: 401,
    });
  }
  if (!response.ok) throw statusError(response.status, { status: response.status });
  const parsed = profileSchema.safeParse(parseJson(text));
  if (!parsed.success) throw malformed(response.status);
  return toProfile(parsed.data);
}

function toProfile(wire: WireProfile): TruecallerProfile {
  const identities = wire.onlineIdentities ?? wire.onlineIdentity;
  return {
    // An entry that is not a plain number is kept as "" so that positions keep their meaning
    // (the first is the account's own number) and it can never match.
    phoneNumbers: wire.phoneNumbers.map(normaliseNumber),
    firstName: wire.name?.first?.trim() || undefined,
    lastName: wire.name?.last?.trim() || undefined,
    email: identities?.email,
    isActive:
      typeof wire.isActive === "string" ? wire.isActive.toLowerCase() === "true" : wire.isActive,
  };
}

function normaliseNumber(value: number | string): string {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? String(value) : "";
  }
  const digits = value.trim().replace(/^\+/, "").replace(/[\s-]/g, "");
  return /^\d{6,15}$/.test(digits) ? digits : "";
}

async function call(
  config: TruecallerConfig,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; text: string }> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      // Small JSON answers: compressing them costs more CPU than it saves (see the Flowroute client).
      headers: { "Cache-Control": "no-cache", "Accept-Encoding": "identity", ...init.headers },
      signal,
      // A redirect could lead the token to another host (security.md R34).
      redirect: "error",
    });
  } catch (error) {
    throw isTimeout(error)
      ? new TruecallerError("timeout", `Truecaller did not answer within ${config.timeoutMs} ms`)
      : new TruecallerError("network", "Truecaller could not be reached");
  }
  try {
    // The body can stall after the headers; the same timeout signal covers it.
    return { response, text: await response.text() };
  } catch {
    throw new TruecallerError("timeout", `Truecaller did not finish within ${config.timeoutMs} ms`);
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function statusError(status: number, extra: { status: number; code?: number }) {
  return status >= 500
    ? new TruecallerError("server", `Truecaller failed (${status})`, extra)
    : new TruecallerError("rejected", `Truecaller refused the request (${status})`, extra);
}

function malformed(status: number) {
  return new TruecallerError("malformed", "Truecaller answered with an unexpected body", {
    status,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
