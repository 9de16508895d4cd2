import "server-only";
import { sessionsClient, type SessionView } from "@/lib/client/sessions-client";
import { getEnv } from "@/lib/env";
import type { MethodName } from "@/lib/methods/dto";
import { SANDBOX_KEY_ID, sandboxKey } from "@/lib/api-keys";

// The sandbox's integrating app (/sandbox/app): it does what another app's server would, over
// HTTP with the TypeScript client and the sandbox's key, so that a newcomer sees the whole
// loop — create a session, send the person, check the token against the JWKS — with no code.

export const RETURN_PATH = "/sandbox/app/return";

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

export type ReturnCheck = {
  sessionId: string;
  error: string | null;
  /** The token's claims, when it verified against the JWKS. */
  claims: Record<string, unknown> | null;
  /** Why the token did not verify. */
  tokenProblem: string | null;
  session: SessionView | null;
};

/** What the app does when the person comes back: verify the token, read the session. */
export async function checkReturn(params: {
  session_id?: string;
  token?: string;
  error?: string;
}): Promise<ReturnCheck | undefined> {
  const sessionId = params.session_id;
  if (!sessionId) return undefined;
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
  return { sessionId, error: params.error ?? null, claims, tokenProblem, session };
}
