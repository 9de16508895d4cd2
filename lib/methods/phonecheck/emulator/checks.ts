import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { readText } from "@/lib/api/body";
import { now } from "@/lib/clock";
import { safeEqual, sha256 } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { isPublicDemo } from "@/lib/sandbox/public-demo";
import {
  countSandboxPatch,
  expireSandboxChecks,
  findSandboxCheck,
  insertSandboxCheck,
  listSandboxChecks,
  updateSandboxCheck,
} from "./queries";
import type { SandboxTruidCheck } from "./tables";
import { bearerProblem, problem } from "./auth";
import { callbackPayload, deliverDueCallbacks, iso, queueCallback } from "./callbacks";
import { truidCreateRuleFor } from "./rules";
import { phonecheckSettings } from "../settings";

// An emulator of tru.ID's PhoneCheck resources (docs/providers.md#truid-phonecheck): create, get, list
// and, for v0.2, the PATCH that redeems the device's code. The device's side (the check URL and
// the operator hop) is in ./device.ts.

export type Version = "v0.1" | "v0.2";
const DEFAULT_TTL_S = 120;
const SLOW_ANSWER_MS = 15_000;
const HAL = { "Content-Type": "application/hal+json" };

const createBody = z.object({
  phone_number: z.string().max(64),
  redirect_url: z.url().max(2048).optional(),
  callback_url: z.url().max(2048).optional(),
  reference_id: z.string().max(128).optional(),
  phone_ip: z.string().max(64).optional(),
});

const codePatch = z
  .array(
    z.object({ op: z.literal("add"), path: z.literal("/code"), value: z.string().min(1).max(256) }),
  )
  .length(1);

export function versionOf(value: string): Version | undefined {
  return value === "v0.1" || value === "v0.2" ? value : undefined;
}

/** The emulator's public base URL: check URLs must work from another device too. */
export function emulatorBase(): string {
  return `${getEnv().appUrl}/api/sandbox/tru-id`;
}

export function checkUrlOf(check: Pick<SandboxTruidCheck, "checkId" | "version">): string {
  return `${emulatorBase()}/phone_check/${check.version}/checks/${check.checkId}/redirect`;
}

/** Every emulator request starts here: TTL expiry and callback retries follow the clock. */
export async function sweep(): Promise<void> {
  for (const check of await expireSandboxChecks(now())) await queueCallback(check);
  await deliverDueCallbacks();
}

export function notFoundProblem(): Response {
  return problem(404, "check_not_found", "Not Found", "Check Not Found");
}

function resource(check: SandboxTruidCheck) {
  const self = `${emulatorBase()}/phone_check/${check.version}/checks/${check.checkId}`;
  return {
    // The fields a callback carries too: match only when COMPLETED, error_code only when ERROR.
    ...callbackPayload(check),
    ttl: check.ttl,
    _links: { self: { href: self }, check_url: { href: checkUrlOf(check) } },
  };
}

async function readJsonBody(request: Request, types: RegExp): Promise<unknown> {
  if (!types.test(request.headers.get("content-type") ?? "")) return undefined;
  const text = await readText(request, 16_384).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function badRequest(): Response {
  return problem(400, "bad_request", "Bad Request", "The request body is invalid");
}

/**
 * Whether the emulator may send a device to `url` (redirect_url) or POST a result to it
 * (callback_url): only this app itself, or the callback it was configured with. tru.ID goes
 * wherever a project says; an emulator served to the public (SANDBOX=1 on a demo) must not make
 * our server POST to an address inside its network, nor redirect from our origin to anyone's.
 */
function onThisApp(url: string | undefined): boolean {
  if (url === undefined) return true;
  const env = getEnv();
  const phonecheck = phonecheckSettings.read();
  return (
    new URL(url).origin === new URL(env.appUrl).origin || url === phonecheck.TRUID_CALLBACK_URL
  );
}

// POST /phone_check/{version}/checks
export async function emulateCreateCheck(request: Request, version: Version): Promise<Response> {
  await sweep();
  const refused = await bearerProblem(request, "phone_check");
  if (refused) return refused;
  const parsed = createBody.safeParse(await readJsonBody(request, /^application\/json/i));
  if (!parsed.success) return badRequest();
  const input = parsed.data;
  if (!onThisApp(input.redirect_url) || !onThisApp(input.callback_url)) {
    return problem(
      400,
      "bad_request",
      "Bad Request",
      "The sandbox redirects and calls back only to this app",
    );
  }
  // E.164 without "+": tru.ID refuses "+447…" and anything that is not 8–15 digits.
  if (!/^[1-9]\d{7,14}$/.test(input.phone_number)) {
    return problem(400, "phone_format_invalid", "Bad Request", "Phone Number Validation Error");
  }
  const ruled = await createRule(input.phone_number);
  if (ruled) return ruled;
  // A 201 need not be ACCEPTED: tru.ID's CLI reads any other status as "could not be created".
  // Such a check is born ERROR, and no callback follows: nothing happened to it.
  const born = truidCreateRuleFor(input.phone_number) === "not_accepted";
  const at = now();
  const check = await insertSandboxCheck({
    checkId: randomUUID(),
    version,
    phoneNumber: input.phone_number,
    status: born ? "ERROR" : "ACCEPTED",
    ...(born ? { errorCode: "mno_server_error" } : {}),
    // v0.1 has no redirect_url: the device's journey ends at the operator.
    redirectUrl: version === "v0.2" ? (input.redirect_url ?? null) : null,
    callbackUrl: input.callback_url ?? null,
    referenceId: input.reference_id ?? null,
    ttl: DEFAULT_TTL_S,
    createdAt: at,
    updatedAt: at,
  });
  return Response.json({ ...resource(check), snapshot_balance: 99 }, { status: 201, headers: HAL });
}

async function createRule(phoneNumber: string): Promise<Response | undefined> {
  switch (truidCreateRuleFor(phoneNumber)) {
    case "mno_not_supported":
      return problem(
        400,
        "mno_not_supported",
        "Bad Request",
        "Mobile Network Operator Not Supported",
      );
    case "ip_msisdn_mismatch":
      return problem(409, "ip_msisdn_mismatch", "Conflict", "ip_msisdn_mismatch");
    case "not_mobile_ip":
      return problem(412, "not_mobile_ip", "Precondition Failed", "Not a mobile IP");
    case "rate_limited":
      return problem(
        429,
        "too_many_requests",
        "Rate Limit exceeded",
        "Rate Limit has exceeded, check response Retry-After HTTP header for when request can be retried.",
        { "Retry-After": "30" },
      );
    case "server_error":
      return problem(500, "internal_server_error", "Internal Server Error", "Something went wrong");
    case "unavailable":
      return problem(503, "service_unavailable", "Service Unavailable", "Try again later");
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS));
      return undefined;
    case "malformed":
      return new Response("<html><body>Created</body></html>", {
        status: 201,
        headers: { "Content-Type": "text/html" },
      });
    case "not_accepted":
    case undefined:
      return undefined;
  }
}

async function findCheck(version: Version, id: string) {
  const check = id.length <= 64 ? await findSandboxCheck(id) : undefined;
  return check && check.version === version ? check : undefined;
}

// GET /phone_check/{version}/checks/{check_id}
export async function emulateGetCheck(request: Request, version: Version, id: string) {
  await sweep();
  const refused = await bearerProblem(request, "phone_check");
  if (refused) return refused;
  const check = await findCheck(version, id);
  if (!check) return notFoundProblem();
  return Response.json(resource(check), { headers: HAL });
}

// GET /phone_check/{version}/checks?page=1&size=10 — newest first, HAL pagination. Off on a
// public demo: everyone holds the sandbox credentials, and the list is every visitor's numbers
// (a check by its id still answers).
export async function emulateListChecks(request: Request, version: Version) {
  await sweep();
  const refused = await bearerProblem(request, "phone_check");
  if (refused) return refused;
  if (isPublicDemo()) {
    return problem(
      403,
      "forbidden",
      "Forbidden",
      "Listing checks is off on this public demo; get one by its check_id",
    );
  }
  const params = new URL(request.url).searchParams;
  const size = Math.min(100, Math.max(1, Number(params.get("size")) || 10));
  const page = Math.max(1, Number(params.get("page")) || 1);
  const { rows, total } = await listSandboxChecks({
    version,
    limit: size,
    offset: (page - 1) * size,
  });
  const pages = Math.max(1, Math.ceil(total / size));
  const link = (number: number) => ({
    href: `${emulatorBase()}/phone_check/${version}/checks?page=${number}&size=${size}`,
  });
  return Response.json(
    {
      _embedded: { checks: rows.map(resource) },
      _links: {
        self: link(page),
        first: link(1),
        last: link(pages),
        ...(page < pages ? { next: link(page + 1) } : {}),
        ...(page > 1 ? { prev: link(page - 1) } : {}),
      },
      page: { size, total_elements: total, total_pages: pages, number: page },
    },
    { headers: HAL },
  );
}

// PATCH /phone_check/v0.2/checks/{check_id} with [{"op":"add","path":"/code","value":…}]
export async function emulatePatchCheck(request: Request, version: Version, id: string) {
  await sweep();
  if (version !== "v0.2") {
    return problem(405, "method_not_allowed", "Method Not Allowed", "PATCH exists on v0.2 only");
  }
  const refused = await bearerProblem(request, "phone_check");
  if (refused) return refused;
  const patch = codePatch.safeParse(
    await readJsonBody(request, /^application\/(json-patch\+)?json/i),
  );
  if (!patch.success) return badRequest();
  const check = await findCheck(version, id);
  if (!check) return notFoundProblem();
  await countSandboxPatch(check.checkId);
  // Before the device opened the check URL there is no code: "otherwise a 404 will be returned".
  if (check.status === "ACCEPTED" || (check.status === "PENDING" && !check.codeHash)) {
    return notFoundProblem();
  }
  let final = check;
  if (check.status === "PENDING" && check.codeHash) {
    // A wrong code completes the check without a match (tru.ID's own simulator does the same).
    const right = safeEqual(sha256(patch.data[0]!.value), check.codeHash);
    const at = now();
    const completed = await updateSandboxCheck(check.checkId, ["PENDING"], {
      status: "COMPLETED",
      match: right && check.pendingMatch === true,
      codeHash: null,
      updatedAt: at,
    });
    if (completed) await queueCallback(completed);
    final = completed ?? (await findSandboxCheck(check.checkId)) ?? check;
  }
  // A replay gets the final state again.
  return Response.json(
    {
      check_id: final.checkId,
      status: final.status,
      ...(final.status === "COMPLETED" ? { match: final.match === true } : {}),
      charge_amount: 1,
      charge_currency: "API",
      created_at: iso(final.createdAt),
      updated_at: iso(final.updatedAt),
      _links: { self: { href: `${emulatorBase()}/phone_check/v0.2/checks/${final.checkId}` } },
    },
    { headers: HAL },
  );
}
