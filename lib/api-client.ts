import type { VerificationDto } from "@/lib/core/dto";
import type { MethodName } from "@/lib/method-names";

// The browser's side of the JSON API: one fetcher per endpoint, errors thrown as ApiFailure
// carrying the server's `{ error: { code, message, ... } }`.

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

export async function apiFetch<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers:
        json === undefined ? rest.headers : { "Content-Type": "application/json", ...rest.headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiFailure(
      0,
      "network",
      "We could not reach the server. Check your connection and try again.",
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    (T & { error?: { code: string; message: string } & Record<string, unknown> }) | undefined;
  if (!response.ok) {
    const error = body?.error;
    throw new ApiFailure(
      response.status,
      error?.code ?? "unknown",
      error?.message ?? `The server answered ${response.status}. Please try again.`,
      error ?? {},
    );
  }
  return body as T;
}

export type VerificationAnswer = { verification: VerificationDto };

export type StartInput = {
  method: MethodName;
  phone: string;
  country?: string;
  /** The proof-of-work solution, when the server asked for one (403 challenge_required). */
  challenge?: string;
  /** The verification session (lib/sessions) this verification is an attempt of. */
  session?: string;
  /** This browser's pending verification that this one takes the place of (Truecaller). */
  replaces?: string;
};

/**
 * Starts a verification by the browser API, or, in a session, by the method's own route on this
 * device (`path`: Truecaller's deep link on Android, whose page then opens the app in one tap).
 */
export function startVerification(input: StartInput, path?: string) {
  if (!path)
    return apiFetch<VerificationAnswer>("/api/verifications", { method: "POST", json: input });
  return apiFetch<VerificationAnswer>(path, {
    method: "POST",
    json: {
      phone: input.phone,
      ...(input.session ? { session: input.session } : {}),
      ...(input.replaces ? { replaces: input.replaces } : {}),
    },
  });
}

export function getVerification(id: string) {
  return apiFetch<VerificationAnswer>(`/api/verifications/${encodeURIComponent(id)}`);
}

/** A step of the verification's method: `code` and `resend` for SMS. */
export function runStep(id: string, step: string, input: Record<string, unknown> = {}) {
  const path = `/api/verifications/${encodeURIComponent(id)}/${encodeURIComponent(step)}`;
  return apiFetch<VerificationAnswer>(path, { method: "POST", json: input });
}

/** A start or resend that created the verification but could not send its SMS carries it along. */
export function verificationOf(error: unknown): VerificationDto | undefined {
  if (!(error instanceof ApiFailure)) return undefined;
  const verification = error.details.verification as VerificationDto | undefined;
  return verification?.id ? verification : undefined;
}
