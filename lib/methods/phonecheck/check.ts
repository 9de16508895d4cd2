import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError, rateLimited } from "@/lib/errors";
import { log } from "@/lib/log";
import { takeRateLimit } from "@/lib/db/rate-limits";
import type { Verification } from "@/lib/db/schema";
import { approve, expire, fail, reject } from "@/lib/core/state-machine";
import {
  findVerification,
  insertVerification,
  updatePendingVerification,
} from "@/lib/db/verifications";
import { createCheck, getCheck, truidConfig, TruIdError, type CheckState } from "./provider";
import { phoneCheckMessage, phoneCheckRetryable, type PhoneCheckDetails } from "./details";
import { handoffUrl } from "./handoff";
import { changeState, stateOf, type PhoneCheckState } from "./state";

// The PhoneCheck method (tru.ID): the phone opens a check URL over mobile data and the operator
// tells tru.ID whose SIM holds the data session. v0.2 (default): the phone comes back to our
// redirect route with a code that the server redeems (phonecheck-redeem.ts). v0.1 (the guide's
// flow): the server reads the result with GET.

const DEFAULT_TTL_S = 120;
const STARTS_PER_PHONE_PER_HOUR = 20;
// How often a status poll may ask tru.ID (tru-cli polls every 5 s; the status view every 1.5 s).
const POLL_INTERVAL_MS = 3000;

export function requireTruid() {
  const config = truidConfig();
  if (!config) {
    throw new ApiError(
      "method_unavailable",
      "The mobile data check is not configured on this server (no tru.ID credentials).",
    );
  }
  return config;
}

export function redirectUrl(): string {
  return `${getEnv().appUrl}/api/phone-check/redirect`;
}

/** Starts a check: the row is committed before tru.ID is called (R44). */
export async function startPhoneCheck(input: {
  phone: string;
  bindingHash: string | null;
}): Promise<Verification> {
  const config = requireTruid();
  const at = now();
  const allowance = await takeRateLimit(
    "phonecheck_start",
    input.phone,
    STARTS_PER_PHONE_PER_HOUR,
    3600_000,
    at,
  );
  if (!allowance.allowed) {
    throw rateLimited(
      "Too many checks were started for this number. Wait a while, or verify by SMS.",
      allowance.retryAfterMs / 1000,
    );
  }
  const id = randomId();
  const state: PhoneCheckState = { version: config.version };
  const inserted = await insertVerification({
    id,
    method: "phonecheck",
    phone: input.phone,
    bindingHash: input.bindingHash,
    providerState: JSON.stringify(state),
    expiresAt: at + DEFAULT_TTL_S * 1000,
    createdAt: at,
    updatedAt: at,
  });
  try {
    const check = await createCheck(config, {
      version: config.version,
      phoneNumber: input.phone.replace(/^\+/, ""),
      redirectUrl: config.version === "v0.2" ? redirectUrl() : undefined,
      callbackUrl: config.callbackUrl,
    });
    const started: PhoneCheckState = {
      ...state,
      checkUrl: check.checkUrl,
      ttl: check.ttlSeconds,
      lastStatus: check.status,
    };
    await updatePendingVerification(id, {
      providerRef: check.checkId,
      providerState: JSON.stringify(started),
      // Counted from before the request: we give up no later than tru.ID does.
      expiresAt: at + check.ttlSeconds * 1000,
      updatedAt: now(),
    });
    log.info("phonecheck started", {
      verificationId: id,
      checkId: check.checkId,
      sandbox: config.sandbox,
    });
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    const reason = reasonForError(error);
    log.warn("phonecheck start failed", {
      verificationId: id,
      kind: error.kind,
      status: error.status,
    });
    await fail(inserted, reason, now(), {
      providerState: JSON.stringify({ ...state, retryAfter: error.retryAfterSeconds }),
    });
  }
  const row = await findVerification(id);
  if (!row) throw new Error("the verification vanished");
  return row;
}

export function reasonForError(error: TruIdError): string {
  switch (error.kind) {
    case "phone_format_invalid":
    case "mno_not_supported":
    case "not_mobile_ip":
    case "ip_msisdn_mismatch":
    case "rate_limited":
      return error.kind;
    case "timeout":
      return "provider_timeout";
    default:
      return "provider_error";
  }
}

/** What tru.ID's `error_code` of a check in ERROR means for the person. */
function reasonForErrorCode(code: string | undefined): string {
  return code === "not_mobile_ip" || code === "mno_not_supported" || code === "ip_msisdn_mismatch"
    ? code
    : "check_error";
}

/**
 * Moves a pending verification to what tru.ID says about its check. `trustMatch`: whether this
 * answer may decide the match — a v0.1 GET, the v0.2 PATCH, a verified callback; never a v0.2
 * GET, whose result the code exchange has not bound to the device (R38, R39).
 */
export async function applyCheckState(
  row: Verification,
  check: CheckState,
  trustMatch: boolean,
): Promise<Verification> {
  const at = now();
  let finished: Verification | undefined;
  if (check.status === "COMPLETED" && trustMatch) {
    finished = check.match === true ? await approve(row, at) : await reject(row, "no_match", at);
  } else if (check.status === "EXPIRED") {
    finished = await expire(row, at);
  } else if (check.status === "ERROR") {
    finished = await fail(row, reasonForErrorCode(check.errorCode), at);
    if (finished)
      log.info("phonecheck error", { verificationId: row.id, errorCode: check.errorCode });
  } else {
    const { row: updated } = await changeState(row, (state) =>
      state.lastStatus === check.status ? undefined : { ...state, lastStatus: check.status },
    );
    return updated;
  }
  return finished ?? (await findVerification(row.id)) ?? row;
}

/** A status poll: asks tru.ID at most every few seconds, one poller at a time. */
export async function refreshPhoneCheck(row: Verification): Promise<Verification> {
  const config = truidConfig();
  if (!config || !row.providerRef) return row;
  const at = now();
  const claim = await changeState(row, (state) =>
    state.polledAt !== undefined && at - state.polledAt < POLL_INTERVAL_MS
      ? undefined
      : { ...state, polledAt: at },
  );
  if (!claim.changed) return claim.row;
  const state = stateOf(claim.row);
  try {
    const check = await getCheck(config, state.version, row.providerRef);
    return applyCheckState(claim.row, check, state.version === "v0.1");
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    // A poll that fails changes nothing: the next one asks again.
    log.warn("phonecheck poll failed", { verificationId: row.id, kind: error.kind });
    if (error.kind === "not_found") {
      return (await fail(claim.row, "check_error", now())) ?? claim.row;
    }
    return claim.row;
  }
}

export function phoneCheckDetails(row: Verification): { phonecheck: PhoneCheckDetails } {
  const state = stateOf(row);
  const open = row.status === "pending" && row.providerRef !== null && state.checkUrl !== undefined;
  return {
    phonecheck: {
      version: state.version,
      ttlSeconds: state.ttl ?? DEFAULT_TTL_S,
      openUrl: open ? handoffUrl(row.id) : null,
      phoneOpened: state.handoff !== undefined,
      message: row.status === "approved" ? null : phoneCheckMessage(row.statusReason),
      retryable: phoneCheckRetryable(row.statusReason),
      retryAfterSeconds: state.retryAfter ?? null,
      sandbox: truidConfig()?.sandbox ?? false,
    },
  };
}
