import "server-only";
import { readText } from "@/lib/api/body";
import { now } from "@/lib/clock";
import { randomId, safeEqual, sha256 } from "@/lib/crypto";
import { findSandboxToken, insertSandboxToken, revokeSandboxToken } from "./queries";
import { phonecheckSettings } from "../settings";

// The tru.ID emulator's OAuth2 side (docs/providers.md#oauth2-token) and its problem+json errors.

const TOKEN_LIFETIME_S = 3600;
const SCOPES = new Set([
  "console",
  "phone_check",
  "subscriber_check",
  "sim_check",
  "coverage",
  "mo_check",
]);
const MAX_FORM_BYTES = 4096;

/** An application/problem+json answer, as tru.ID writes them (HTTPProblemDetailTypes.v1.yaml). */
export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { type: `https://developer.tru.id/docs/reference/api-errors#${slug}`, title, status, detail },
    { status, headers: { "Content-Type": "application/problem+json", ...headers } },
  );
}

function oauthError(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status });
}

function clientAuthorized(request: Request): boolean {
  const phonecheck = phonecheckSettings.read();
  const expected = `Basic ${Buffer.from(
    `${phonecheck.TRUID_SANDBOX_CLIENT_ID}:${phonecheck.TRUID_SANDBOX_CLIENT_SECRET}`,
  ).toString("base64")}`;
  return safeEqual(request.headers.get("authorization") ?? "", expected);
}

async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded/i.test(request.headers.get("content-type") ?? "")) {
    return undefined;
  }
  // Bounded while it arrives, as the app's own routes read theirs.
  const text = await readText(request, MAX_FORM_BYTES).catch(() => undefined);
  return text === undefined ? undefined : new URLSearchParams(text);
}

// POST /oauth2/v1/token
export async function emulateToken(request: Request): Promise<Response> {
  if (!clientAuthorized(request)) {
    return oauthError(401, "invalid_client", "Client authentication failed.");
  }
  const form = await readForm(request);
  if (!form)
    return oauthError(400, "invalid_request", "Send an application/x-www-form-urlencoded body.");
  if (form.get("grant_type") !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
  }
  const scopes = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
  if (scopes.length === 0 || !scopes.every((scope) => SCOPES.has(scope))) {
    return oauthError(400, "invalid_scope", "Unknown or missing scope.");
  }
  const token = randomId(24);
  const at = now();
  await insertSandboxToken({
    tokenHash: sha256(token),
    clientId: phonecheckSettings.read().TRUID_SANDBOX_CLIENT_ID,
    scope: scopes.join(" "),
    expiresAt: at + TOKEN_LIFETIME_S * 1000,
    createdAt: at,
  });
  return Response.json(
    {
      access_token: token,
      token_type: "bearer",
      expires_in: TOKEN_LIFETIME_S,
      scope: scopes.join(" "),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

// POST /oauth2/v1/revoke (RFC 7009): the token stops working at once.
export async function emulateRevoke(request: Request): Promise<Response> {
  if (!clientAuthorized(request)) {
    return oauthError(401, "invalid_client", "Client authentication failed.");
  }
  const token = (await readForm(request))?.get("token");
  if (token) await revokeSandboxToken(sha256(token), now());
  return new Response(null, { status: 200 });
}

/** undefined when the request carries a live token with `scope`; else the error to answer. */
export async function bearerProblem(
  request: Request,
  scope: string,
): Promise<Response | undefined> {
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const row = token ? await findSandboxToken(sha256(token)) : undefined;
  if (!row || row.revokedAt !== null || row.expiresAt <= now()) {
    return problem(
      401,
      "unauthorized",
      "Unauthorized",
      "The access token is missing, expired or revoked.",
    );
  }
  if (!row.scope.split(" ").includes(scope)) {
    return problem(403, "forbidden", "Forbidden", "Forbidden");
  }
  return undefined;
}
