import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { readText } from "@/lib/api/body";
import { now } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import {
  findSandboxToken,
  insertSandboxPrompt,
  insertSandboxToken,
  listSandboxTraffic,
  recordSandboxTraffic,
} from "./queries";
import { sandboxProfile, truecallerRuleFor } from "./rules";
import { truecallerSettings } from "../settings";

// An emulator of Truecaller's web APIs (docs/providers.md#emulators): the requests endpoint of flow A
// and the profile endpoint, with Truecaller's paths, status codes and {code, message} errors.
// The simulated phone (./phone.ts) answers the prompts these create.

/** Truecaller's documented lifetime of a request and of its access token. */
export const SANDBOX_TTL_MS = 10 * 60_000;
const SLOW_MS = 4_000;
const HANG_MS = 30_000;

const createBody = z.object({
  phoneNumber: z.union([z.number(), z.string()]), // documented as a Long; strings work too
  state: z.string().max(1024).optional(),
});

function truecallerError(status: number, code: number, message: string): Response {
  return Response.json({ code, message }, { status });
}

function sleep(ms: number): Promise<void> {
  // Unref'd: a request left hanging must not keep a test process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// POST /v1/apps/requests – ask the number's Truecaller app for consent
export async function emulateCreateRequest(request: Request): Promise<Response> {
  const truecaller = truecallerSettings.read();
  if (request.headers.get("appkey") !== truecaller.TRUECALLER_SANDBOX_APP_KEY) {
    return truecallerError(404, 404, "Invalid partner credentials.");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readText(request));
  } catch {
    return truecallerError(400, 400, "Bad request.");
  }
  const parsed = createBody.safeParse(raw);
  if (!parsed.success) return truecallerError(400, 400, "Bad request.");
  const phone = String(parsed.data.phoneNumber).trim();
  const rule = truecallerRuleFor(phone);
  // Truecaller documents no separate error for a malformed number: it is no user either.
  if (!/^\d{8,15}$/.test(phone) || rule === "not_user") {
    return truecallerError(
      403,
      1008,
      "Forbidden: It is forbidden to use sdk login for this phone number.",
    );
  }
  if (rule === "request_unavailable") return truecallerError(503, 503, "Service Unavailable");
  if (rule === "request_hang") await sleep(HANG_MS);
  const at = now();
  // Base64 with "=" (and sometimes "+" or "/") like Truecaller's: clients must URL-encode it.
  const requestId = randomBytes(20).toString("base64");
  await insertSandboxPrompt({
    requestId,
    flow: "push",
    phone,
    partnerName: truecaller.TRUECALLER_PARTNER_NAME,
    state: parsed.data.state ?? null,
    status: "pending",
    createdAt: at,
    expiresAt: at + SANDBOX_TTL_MS,
    answeredAt: null,
  });
  return Response.json({ requestId });
}

/** Mints the access token an approval sends: 10 minutes, the approving user's profile only. */
export async function issueSandboxToken(requestId: string, phone: string): Promise<string> {
  const token = randomBytes(36).toString("base64url");
  const at = now();
  await insertSandboxToken({
    tokenHash: sha256(token),
    requestId,
    phone,
    createdAt: at,
    expiresAt: at + SANDBOX_TTL_MS,
  });
  return token;
}

// GET /v1/default – the profile of the user who granted the Bearer token
export async function emulateProfile(request: Request): Promise<Response> {
  const at = now();
  const bearer = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  const token = bearer ? await findSandboxToken(sha256(bearer)) : undefined;
  const valid = token !== undefined && token.expiresAt >= at;
  const rule = valid ? truecallerRuleFor(token.phone) : undefined;
  const status = !valid ? 401 : rule === "profile_error" ? 500 : 200;
  // Recorded on arrival, so that tests can count the requests that reached "Truecaller".
  await recordSandboxTraffic({
    kind: "profile",
    requestId: token?.requestId ?? null,
    status,
    detail: valid ? null : bearer ? "unknown or expired token" : "no Bearer token",
    createdAt: at,
  });
  if (!valid) return truecallerError(401, 401, "Unauthorized");
  if (rule === "profile_error") return truecallerError(500, 500, "Internal Server Error");
  if (rule === "profile_slow") await sleep(SLOW_MS);
  if (rule === "profile_hang") await sleep(HANG_MS);
  if (rule === "garbled_profile") {
    return new Response("<html><body>OK</body></html>", {
      headers: { "Content-Type": "text/html" },
    });
  }
  return Response.json(sandboxProfile(token.phone));
}

/** The emulator's log, newest first: callbacks it sent and profile requests it received. */
export async function emulatorTraffic(filter: {
  kind?: "callback" | "profile";
  requestId?: string;
}) {
  const rows = await listSandboxTraffic(filter);
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
