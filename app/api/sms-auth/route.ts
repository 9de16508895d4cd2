import { z } from "zod";
import { assertSameOrigin } from "@/lib/api/origin";
import { json } from "@/lib/api/route";
import { schemaIsAhead } from "@/lib/db/migrations-status";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ApiError } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import { clientIp } from "@/lib/api/client-ip";
import { serverCaller } from "@/lib/core/caller";
import { log } from "@/lib/log";
import { assertSeedCaller } from "@/lib/methods/sms/guide-auth";
import { authenticateCode, createAuth, parseSeedRecipient } from "@/lib/methods/sms/guide";

// The Flowroute sms-verification service's API (docs/providers.md#the-sms-verification-service), same
// bodies, reasons and status codes — but JSON for every error, where the seed sent HTML 500s.

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

function answer(status: number, body: Record<string, unknown>, headers: HeadersInit = {}) {
  return json(body, { status, headers });
}

function usage(message: string, detail?: string) {
  return answer(400, { message, reason: "InvalidAPIUsage", ...(detail ? { detail } : {}) });
}

function failure(error: unknown, request: Request): Response {
  if (error instanceof ApiError) {
    const reasons: Record<string, string> = {
      rate_limited: "TooManyRequests",
      method_unavailable: "ServiceUnavailable",
      service_unavailable: "ServiceUnavailable",
      cross_site_request: "CrossSiteRequest",
      unauthorized: "Unauthorized",
    };
    const reason = error.details?.reason ?? reasons[error.code] ?? "InvalidAPIUsage";
    return answer(error.status, { message: error.message, reason }, error.headers);
  }
  if (isDatabaseUnavailable(error)) {
    return answer(
      503,
      { message: "The service is briefly unavailable. Try again.", reason: "ServiceUnavailable" },
      { "Retry-After": "5" },
    );
  }
  log.error("sms-auth failed", { path: new URL(request.url).pathname, error: String(error) });
  return answer(500, { message: "Internal error. Please try again.", reason: "InternalError" });
}

/**
 * Both calls write (a POST its entry and budgets, a GET its attempt count or a deletion): not
 * while a newer version of the app has migrated the database, as lib/api/route.ts refuses the
 * browser's writes.
 */
async function assertSchemaNotAhead() {
  if (await schemaIsAhead()) {
    throw new ApiError("service_unavailable", words("server.errors.outdated"), {
      headers: { "Retry-After": "60" },
    });
  }
}

// POST /api/sms-auth – create (or overwrite) the code for an auth_id and send it by SMS
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const { keyed } = assertSeedCaller(request.headers);
    await assertSchemaNotAhead();
    const ip = clientIp(request.headers);
    const declared = Number(request.headers.get("content-length") ?? "0");
    const text = declared > MAX_BODY_BYTES ? "" : await request.text();
    if (text.length > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) {
      return usage(CREATE_USAGE, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
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
    if (!phone)
      return usage(
        CREATE_USAGE,
        "recipient: 1XXXXXXXXXX, or an E.164 number such as +447911123456.",
      );
    const authId = parsed.data.auth_id;
    const delivery = await createAuth(authId, phone, { ...serverCaller, ip }, keyed);
    if (!delivery.ok && delivery.retryAfterSeconds !== undefined) {
      // The provider is throttling us: say when to try again, as it did.
      const seconds = String(Math.max(1, Math.ceil(delivery.retryAfterSeconds)));
      const body = { message: delivery.message, reason: "TooManyRequests", auth_id: authId };
      return answer(429, body, { "Retry-After": seconds });
    }
    if (!delivery.ok) {
      // The entry is kept, as in the seed; POST again to send a new code.
      return answer(502, { message: delivery.message, reason: "SmsSendFailed", auth_id: authId });
    }
    return answer(200, { message: "Success: Verification code created.", auth_id: authId });
  } catch (error) {
    return failure(error, request);
  }
}

// GET /api/sms-auth?auth_id=…&code=… – check a code
export async function GET(request: Request): Promise<Response> {
  try {
    assertSeedCaller(request.headers);
    await assertSchemaNotAhead();
    const params = new URL(request.url).searchParams;
    const authId = params.get("auth_id")?.trim();
    const code = params.get("code")?.trim();
    if (!authId || authId.length > 120 || !code || !/^\d{1,12}$/.test(code))
      return usage(CHECK_USAGE);
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
        return answer(400, {
          attempts_left: 0,
          message: "Expired code",
          reason: "ExpiredAuthCode",
        });
      case "unknown":
        return answer(400, {
          attempts_left: 0,
          message: "Unknown auth id",
          reason: "UnknownAuthId",
        });
    }
  } catch (error) {
    return failure(error, request);
  }
}
