import "server-only";
import { sessionsClient, type SessionView } from "@/lib/client/sessions-client";
import { readCookie } from "@/lib/cookies";
import { hmac, sameDigest } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import type { MethodName } from "@/lib/method-names";
import { SANDBOX_KEY_ID, sandboxKey } from "@/lib/api-keys";

// The sandbox's integrating app (/sandbox/app): it does what another app's server would, over
// HTTP with the TypeScript client and the sandbox's key, so that a newcomer sees the whole
// loop — create a session, send the person, check the token against the JWKS — with no code.

const RETURN_PATH = "/sandbox/app/return";

function client() {
  const key = sandboxKey();
  if (!key) throw new Error("the sandbox is off");
  return sessionsClient({ baseUrl: getEnv().appUrl, apiKey: key.secret, keyId: SANDBOX_KEY_ID });
}

export function startSandboxSession(input: { phone?: string; methods?: MethodName[] }) {
  return client().createSession({
    return_url: `${getEnv().appUrl}${RETURN_PATH}`,
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.methods?.length ? { methods: input.methods } : {}),
    reference: `sandbox-${new Date().toISOString().slice(11, 19)}`,
  });
}

/**
 * The integrating app's own cookie: the session it made for this browser, with its MAC under
 * the app's secret (here the sandbox key's), so that a browser cannot name another one. A real
 * app keeps this in its own server-side session; what matters is that the session it checks
 * on the way back is one it made for this person, not whatever the query string names.
 */
export const APP_SESSION_COOKIE = "pv_sandbox_app";

/** A day: longer than any session lives (SESSION_TTL), and a reload of the return page after. */
export const APP_SESSION_MAX_AGE_S = 24 * 3600;

function mac(sessionId: string): string {
  const key = sandboxKey();
  if (!key) throw new Error("the sandbox is off");
  return hmac(key.secret, `sandbox app session ${sessionId}`);
}

/** The cookie's value for a session the integrating app just made in this browser. */
export function rememberedValue(sessionId: string): string {
  return `${sessionId}.${mac(sessionId)}`;
}

/** The session the integrating app made in this browser, from its Cookie header. */
function rememberedSession(cookieHeader: string | null): string | undefined {
  const value = readCookie(cookieHeader, APP_SESSION_COOKIE);
  const dot = value?.lastIndexOf(".") ?? -1;
  if (!value || dot <= 0) return undefined;
  const sessionId = value.slice(0, dot);
  return sameDigest(value.slice(dot + 1), mac(sessionId)) ? sessionId : undefined;
}

export type ReturnCheck =
  | {
      /** The session this browser started here, which the query named. */
      state: "own";
      sessionId: string;
      error: string | null;
      /** The token's claims, when it verified against the JWKS (its sid: this session). */
      claims: Record<string, unknown> | null;
      /** Why the token did not verify. */
      tokenProblem: string | null;
      session: SessionView | null;
    }
  /** A session this browser did not start here (or none it remembers): nothing is shown. */
  | { state: "foreign" };

/**
 * What the app does when the person comes back: the session_id must be the one it made for this
 * browser (its cookie); only then is the token verified (its `sid` against that remembered
 * session, not against the query's word) and the session read. Undefined: nothing came back.
 */
export async function checkReturn(
  params: { session_id?: string; token?: string; error?: string },
  cookieHeader: string | null,
): Promise<ReturnCheck | undefined> {
  if (!params.session_id) return undefined;
  const sessionId = rememberedSession(cookieHeader);
  if (!sessionId || sessionId !== params.session_id) return { state: "foreign" };
  const api = client();
  let claims: Record<string, unknown> | null = null;
  let tokenProblem: string | null = null;
  if (params.token) {
    try {
      claims = { ...(await api.verifyToken(params.token, { sessionId })) };
    } catch (error) {
      tokenProblem = error instanceof Error ? error.message : String(error);
    }
  }
  const session = await api.getSession(sessionId).catch(() => null);
  return { state: "own", sessionId, error: params.error ?? null, claims, tokenProblem, session };
}
