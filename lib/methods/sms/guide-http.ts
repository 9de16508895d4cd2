import "server-only";
import { z } from "zod";
import { readText } from "@/lib/api/body";
import type { Reply } from "@/lib/api/route";
import type { Caller } from "@/lib/core/caller";
import { ApiError } from "@/lib/errors";
import { authenticateCode, createAuth, parseSeedRecipient } from "./guide";

// The Flowroute sms-verification service's API over HTTP (docs/providers.md#the-sms-verification-service),
// for app/api/sms-auth/route.ts: same bodies, reasons and status codes — but JSON for every
// error, where the seed sent HTML 500s. guideRoute (lib/api/route.ts) authorizes the caller
// (guide-auth.ts), refuses writes to a database migrated ahead, and answers errors with
// seedError.

const CREATE_USAGE = "Required arguments: 'auth_id' (str), 'recipient' (int, length=11)";
const CHECK_USAGE = "Required arguments: 'auth_id' (str), 'code' (int)";
const MAX_BODY_BYTES = 4096;

const createBody = z.object({
  auth_id: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().trim().min(1).max(120)),
  recipient: z.union([z.string().max(32), z.number()]).transform(String),
});

function answer(status: number, body: Record<string, unknown>, headers?: Record<string, string>) {
  return { status, body, headers } satisfies Reply;
}

function usage(message: string, detail?: string): Reply {
  return answer(400, { message, reason: "InvalidAPIUsage", ...(detail ? { detail } : {}) });
}

const reasons: Record<string, string> = {
  rate_limited: "TooManyRequests",
  method_unavailable: "ServiceUnavailable",
  service_unavailable: "ServiceUnavailable",
  cross_site_request: "CrossSiteRequest",
  unauthorized: "Unauthorized",
  internal: "InternalError",
};

/**
 * Any error, as the seed's body: its message and a reason in the seed's words — the error
 * code's, or the error's own where it names one so (RecipientMismatch). The browser API's own
 * reasons ("paused", a phone's "too_short") are not the seed's: a client written for it checks
 * for TooManyRequests.
 */
export function seedError(error: ApiError): Record<string, unknown> {
  const own = error.details?.reason;
  const seedStyle = typeof own === "string" && /^[A-Z]/.test(own) ? own : undefined;
  const reason = reasons[error.code] ?? seedStyle ?? "InvalidAPIUsage";
  return { message: error.message, reason };
}

/** POST: create (or overwrite) the code for an auth_id and send it by SMS. */
export async function createAuthReply({
  request,
  caller,
}: {
  request: Request;
  caller: Caller;
}): Promise<Reply> {
  let text: string;
  try {
    text = await readText(request, MAX_BODY_BYTES);
  } catch (error) {
    // The seed answered every body it could not use with its usage error.
    if (error instanceof ApiError && error.code === "payload_too_large") {
      return usage(CREATE_USAGE, error.message);
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return usage(CREATE_USAGE, "The body is not JSON.");
  }
  const parsed = createBody.safeParse(raw);
  if (!parsed.success) return usage(CREATE_USAGE);
  const phone = parseSeedRecipient(parsed.data.recipient);
  if (!phone) {
    return usage(CREATE_USAGE, "recipient: 1XXXXXXXXXX, or an E.164 number such as +12065550123.");
  }
  const authId = parsed.data.auth_id;
  const created = await createAuth(authId, phone, caller);
  if (!created.ok && created.retryAfterSeconds !== undefined) {
    // The provider is throttling us: say when to try again, as it did.
    const seconds = String(Math.max(1, Math.ceil(created.retryAfterSeconds)));
    const body = { message: created.message, reason: "TooManyRequests", auth_id: authId };
    return answer(429, body, { "Retry-After": seconds });
  }
  if (!created.ok) {
    // The entry is kept, as in the seed; POST again to send a new code.
    return answer(502, { message: created.message, reason: "SmsSendFailed", auth_id: authId });
  }
  return answer(200, { message: "Success: Verification code created.", auth_id: authId });
}

/** GET ?auth_id=…&code=…: check a code. */
export async function checkCodeReply({ request }: { request: Request }): Promise<Reply> {
  const params = new URL(request.url).searchParams;
  const authId = params.get("auth_id")?.trim();
  const code = params.get("code")?.trim();
  if (!authId || authId.length > 120 || !code || !/^\d{1,12}$/.test(code)) {
    return usage(CHECK_USAGE);
  }
  const result = await authenticateCode(authId, code);
  switch (result.kind) {
    case "approved":
      return answer(200, {
        authenticated: true,
        auth_id: authId,
        message: "Success: Authorization code verified.",
        // Added to the seed's answer: which number was verified.
        recipient: result.recipient,
      });
    case "wrong":
      return answer(400, {
        attempts_left: result.attemptsLeft,
        message: "Invalid code",
        reason: "InvalidAuthCode",
      });
    case "expired":
      return answer(400, { attempts_left: 0, message: "Expired code", reason: "ExpiredAuthCode" });
    case "unknown":
      return answer(400, { attempts_left: 0, message: "Unknown auth id", reason: "UnknownAuthId" });
  }
}
