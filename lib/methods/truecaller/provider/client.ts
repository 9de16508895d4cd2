import { ProviderError, send, type Answer } from "@/lib/providers/http";
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

type TruecallerErrorKind =
  | "not_user" // 403 code 1008: the number has no Truecaller account
  | "bad_credentials" // 404: the app key is wrong
  | "unauthorized" // 401 on the profile: the token is unknown or expired
  | "rejected" // any other 4xx
  | "server"; // 5xx

export class TruecallerError extends ProviderError<TruecallerErrorKind> {
  /** Truecaller's own error code from `{code, message}`, e.g. 1008. */
  readonly code: number | undefined;

  constructor(
    kind: TruecallerError["kind"],
    message: string,
    extra: { status?: number; code?: number } = {},
  ) {
    super(kind, message, extra);
    this.code = extra.code;
  }

  override get summary() {
    return { ...super.summary, code: this.code };
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

/** Truecaller wants the E.164 digits without "+" (docs/providers.md#flow-a-web-push). */
export function toTruecallerNumber(e164: string): string {
  return e164.replace(/^\+/, "");
}

function provider(config: TruecallerConfig) {
  return { name: "Truecaller", timeoutMs: config.timeoutMs, error: TruecallerError };
}

// POST /v1/apps/requests (flow A): Truecaller pushes a consent prompt to the number's app.
export async function createRequest(
  config: TruecallerConfig,
  input: { phoneNumber: string; state?: string },
): Promise<{ requestId: string }> {
  const body: CreateRequestBody = { phoneNumber: Number(input.phoneNumber), state: input.state };
  const answer = await send(provider(config), config.requestUrl, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache",
      appKey: config.appKey,
    },
    body: JSON.stringify(body),
  });
  if (answer.ok) return { requestId: answer.parse(createRequestResponseSchema).requestId };
  const error = errorBodySchema.safeParse(answer.json());
  const code = error.success ? error.data.code : undefined;
  const extra = { status: answer.status, code };
  if (answer.status === 403 && code === 1008) {
    throw new TruecallerError("not_user", "The number is not a Truecaller user", extra);
  }
  if (answer.status === 404) {
    throw new TruecallerError("bad_credentials", "Truecaller refused the app key", extra);
  }
  throw statusError(answer, extra);
}

// GET /v1/default (flows A and B): the profile of the person who granted the token.
export async function fetchProfile(
  config: TruecallerConfig,
  accessToken: string,
  url: string,
): Promise<TruecallerProfile> {
  const answer = await send(provider(config), url, {
    method: "GET",
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: "application/json",
      "Cache-Control": "no-cache",
    },
  });
  if (answer.status === 401) {
    throw new TruecallerError("unauthorized", "Truecaller refused the access token", {
      status: 401,
    });
  }
  if (!answer.ok) throw statusError(answer, { status: answer.status });
  return toProfile(answer.parse(profileSchema));
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

function statusError(answer: Answer, extra: { status: number; code?: number }) {
  return answer.status >= 500
    ? new TruecallerError("server", `Truecaller failed (${answer.status})`, extra)
    : new TruecallerError("rejected", `Truecaller refused the request (${answer.status})`, extra);
}
