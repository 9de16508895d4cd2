import { send } from "@/lib/providers/http";
import { truId, type TruIdConfig } from "./config";
import { problemError, TruIdError } from "./errors";
import { accessToken, dropToken, type TokenScope } from "./token";
import {
  checkSchema,
  createResponseSchema,
  patchResponseSchema,
  reachSchema,
  type CodePatch,
  type CreatePayload,
  type WireCheckStatus,
} from "./wire";

// The tru.ID PhoneCheck API (docs/providers.md#truid-phonecheck), v0.1 and v0.2.

export type PhoneCheckVersion = "v0.1" | "v0.2";
export type CheckStatus = WireCheckStatus;

export type CreatedCheck = {
  checkId: string;
  checkUrl: string;
  status: CheckStatus;
  ttlSeconds: number;
};

/** A check's state; `match` is set only when `status` is COMPLETED, `errorCode` only on ERROR. */
export type CheckState = {
  checkId: string;
  status: CheckStatus;
  match?: boolean;
  errorCode?: string;
};

const DEFAULT_TTL_S = 120; // docs/providers.md#reading-a-check

// POST /phone_check/{version}/checks
export async function createCheck(
  config: TruIdConfig,
  input: {
    version: PhoneCheckVersion;
    phoneNumber: string; // E.164 digits, no "+"
    redirectUrl?: string; // v0.2 only: where the device lands with check_id and code
    callbackUrl?: string;
  },
): Promise<CreatedCheck> {
  const payload: CreatePayload = { phone_number: input.phoneNumber };
  if (input.version === "v0.2" && input.redirectUrl) payload.redirect_url = input.redirectUrl;
  if (input.callbackUrl) payload.callback_url = input.callbackUrl;
  const answer = await authorized(config, `/phone_check/${input.version}/checks`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  if (!answer.ok) throw problemError(answer);
  const body = answer.parse(createResponseSchema);
  return {
    checkId: body.check_id,
    checkUrl: body._links.check_url.href,
    status: body.status,
    ttlSeconds: body.ttl ?? DEFAULT_TTL_S,
  };
}

// GET /phone_check/{version}/checks/{check_id}
export async function getCheck(
  config: TruIdConfig,
  version: PhoneCheckVersion,
  checkId: string,
): Promise<CheckState> {
  const path = `/phone_check/${version}/checks/${encodeURIComponent(checkId)}`;
  const answer = await authorized(config, path, { method: "GET" });
  if (!answer.ok) throw problemError(answer);
  return stateOf(answer.parse(checkSchema));
}

// PATCH /phone_check/v0.2/checks/{check_id} with [{op:add, path:/code, value}]: redeems the code
// the device brought back from the check_url, which binds the result to that device (docs/security.md#phonecheck).
export async function redeemCode(
  config: TruIdConfig,
  checkId: string,
  code: string,
): Promise<CheckState> {
  const patch: CodePatch = [{ op: "add", path: "/code", value: code }];
  const path = `/phone_check/v0.2/checks/${encodeURIComponent(checkId)}`;
  const answer = await authorized(config, path, {
    method: "PATCH",
    headers: { "Content-Type": "application/json-patch+json" },
    body: JSON.stringify(patch),
  });
  if (!answer.ok) throw problemError(answer);
  return stateOf(answer.parse(patchResponseSchema));
}

/**
 * Whether an address is on a mobile network tru.ID reaches: `reachable` with the network when
 * it is (and whether PhoneCheck runs there), not when tru.ID says it is not a mobile address.
 */
export type DeviceCoverage =
  | {
      reachable: true;
      networkId: string;
      networkName?: string;
      countryCode?: string;
      phoneCheck: boolean;
    }
  | { reachable: false };

// PhoneCheck's product id in the coverage answer's `products`.
const PHONE_CHECK_PRODUCT = "PCK";

// GET /coverage/v0.1/device_ips/{ip} with a `coverage` token. `404` ("No Reach") and `412`
// (not a mobile IP) are answers, not failures: the address is not on a mobile network it knows.
export async function deviceCoverage(
  config: TruIdConfig,
  deviceIp: string,
): Promise<DeviceCoverage> {
  const path = `/coverage/v0.1/device_ips/${encodeURIComponent(deviceIp)}`;
  const answer = await authorized(config, path, { method: "GET" }, "coverage");
  if (answer.status === 404 || answer.status === 412) return { reachable: false };
  if (!answer.ok) throw problemError(answer);
  const body = answer.parse(reachSchema);
  return {
    reachable: true,
    networkId: body.network_id,
    ...(body.network_name ? { networkName: body.network_name } : {}),
    ...(body.country_code ? { countryCode: body.country_code } : {}),
    // No product list: tru.ID named the network without saying what runs there; assume it does.
    phoneCheck:
      body.products?.some((product) => product.product_id === PHONE_CHECK_PRODUCT) ?? true,
  };
}

function stateOf(body: {
  check_id: string;
  status: CheckStatus;
  match?: boolean;
  error_code?: string;
}): CheckState {
  // `match` means something only for a COMPLETED check (docs/security.md#phonecheck): drop it otherwise.
  return {
    checkId: body.check_id,
    status: body.status,
    ...(body.status === "COMPLETED" ? { match: body.match === true } : {}),
    ...(body.status === "ERROR" && body.error_code ? { errorCode: body.error_code } : {}),
  };
}

/** A call with the cached bearer token; a 401 drops it and retries once with a fresh one. */
async function authorized(
  config: TruIdConfig,
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  scope: TokenScope = "phone_check",
) {
  const attempt = async (token: string) =>
    send(truId(config), `${config.baseUrl}${path}`, {
      ...init,
      headers: {
        ...init.headers,
        Authorization: `Bearer ${token}`,
        Accept: "application/hal+json, application/json, application/problem+json",
      },
    });
  const token = await accessToken(config, scope);
  const first = await attempt(token);
  if (first.status !== 401) return first;
  dropToken(config, token, scope);
  const retried = await attempt(await accessToken(config, scope));
  if (retried.status === 401) {
    throw new TruIdError("unauthorized", "tru.ID refused a fresh access token", { status: 401 });
  }
  return retried;
}
