import "server-only";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { requireProvider } from "@/lib/core/provider";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { approve, expire } from "@/lib/core/state-machine";
import { findVerification } from "@/lib/db/verifications";
import { createCheck, getCheck, truidConfig, TruIdError, type CheckState } from "./provider";
import type { PhoneCheckDetails } from "./details";
import { words } from "@/lib/i18n/catalogue";
import { handoffUrl } from "./handoff";
import { changeState, isRedeeming, stateOf, type PhoneCheckState } from "./state";
import { endUnlessStateMovedOn, fail, reject, type PhoneCheckReason } from "./reasons";

// The PhoneCheck method (tru.ID): the phone opens a check URL over mobile data and the operator
// tells tru.ID whose SIM holds the data session. v0.2 (default): the phone comes back to our
// redirect route with a code that the server redeems (redeem.ts). v0.1 (the guide's
// flow): the server reads the result with GET.

export const DEFAULT_TTL_S = 120;
// How often a status poll may ask tru.ID (tru-cli polls every 5 s; the status view every 1.5 s).
const POLL_INTERVAL_MS = 3000;

export const UNAVAILABLE = words("server.errors.phonecheckOff");

export function requireTruid() {
  return requireProvider(truidConfig(), UNAVAILABLE);
}

function redirectUrl(): string {
  return `${getEnv().appUrl}/api/phone-check/redirect`;
}

/** A new check's first state, before tru.ID is asked; `device`: see PhoneCheckState. */
export function initialState(device: boolean): PhoneCheckState {
  return { version: requireTruid().version, ...(device ? { device } : {}) };
}

/** Creates the check at tru.ID once the row is committed; a refusal ends the row `failed`. */
export async function createCheckFor(row: Verification): Promise<Verification> {
  const config = requireTruid();
  const state = stateOf(row);
  const at = row.createdAt;
  try {
    const check = await createCheck(config, {
      version: config.version,
      phoneNumber: row.phone.replace(/^\+/, ""),
      // Without a redirect_url, tru.ID answers the device itself with {check_id, code}.
      redirectUrl: config.version === "v0.2" && !state.device ? redirectUrl() : undefined,
      callbackUrl: config.callbackUrl,
    });
    // A 201 that is not ACCEPTED is a check tru.ID did not start (tru.ID's CLI reads it as "could
    // not be created"): no device could complete it, so it ends here rather than waiting its TTL.
    if (check.status !== "ACCEPTED") {
      log.warn("phonecheck not accepted", {
        verificationId: row.id,
        checkId: check.checkId,
        status: check.status,
      });
      return failStart(row, "provider_error", undefined);
    }
    // Onto the state as it then stands: another request's change meanwhile is kept.
    const { row: started } = await changeState(
      row,
      (current) => ({
        ...current,
        checkUrl: check.checkUrl,
        ttl: check.ttlSeconds,
        lastStatus: check.status,
      }),
      // Counted from before the request: we give up no later than tru.ID does.
      { set: { providerRef: check.checkId, expiresAt: at + check.ttlSeconds * 1000 } },
    );
    log.info("phonecheck started", {
      verificationId: row.id,
      checkId: check.checkId,
      sandbox: config.sandbox,
    });
    return started;
  } catch (error) {
    if (!(error instanceof TruIdError)) throw error;
    log.warn("phonecheck start failed", { verificationId: row.id, ...error.summary });
    return failStart(row, reasonForError(error), error.retryAfterSeconds);
  }
}

/**
 * Ends a check tru.ID refused, with its Retry-After, onto the provider state as it then stands:
 * another request's change meanwhile is kept; when the verification ended meanwhile, the answer
 * is how it ended.
 */
function failStart(
  row: Verification,
  reason: PhoneCheckReason,
  retryAfter: number | undefined,
): Promise<Verification> {
  return endUnlessStateMovedOn(row, "failed", reason, now(), (current) =>
    JSON.stringify({ ...stateOf(current), retryAfter }),
  );
}

function reasonForError(error: TruIdError): PhoneCheckReason {
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
function reasonForErrorCode(code: string | undefined): PhoneCheckReason {
  // Not in tru.ID's list of error codes, but its check URL's 501: an operator that cannot
  // redirect fails every check of the number the same way, as an unsupported one does.
  if (code === "mno_redirect_unsupported") return "mno_not_supported";
  return code === "not_mobile_ip" || code === "mno_not_supported" || code === "ip_msisdn_mismatch"
    ? code
    : "check_error";
}

/**
 * Moves a pending verification to what tru.ID says about its check. `trustMatch`: whether this
 * answer may decide the match — a v0.1 GET, the v0.2 PATCH, a verified callback; never a v0.2
 * GET, whose result the code exchange has not bound to the device (docs/security.md#phonecheck).
 * `askedAt`: when the verification, then unexpired, was asked about (the poll, the code's
 * redemption, the callback): a match tru.ID answered counts from then, though its answer took a
 * moment longer to come.
 */
export async function applyCheckState(
  row: Verification,
  check: CheckState,
  trustMatch: boolean,
  askedAt: number,
): Promise<Verification> {
  const at = now();
  let finished: Verification | undefined;
  if (check.status === "COMPLETED" && trustMatch) {
    finished =
      check.match === true
        ? await approve(row, at, { provenAt: askedAt })
        : await reject(row, "no_match", at);
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
  // A code being redeemed: tru.ID's answer to that PATCH decides. Asked meanwhile, tru.ID may
  // say EXPIRED of a check whose code came in time, as the PATCH is on its way.
  if (isRedeeming(stateOf(row), at)) return row;
  const claim = await changeState(row, (state) =>
    state.polledAt !== undefined && at - state.polledAt < POLL_INTERVAL_MS
      ? undefined
      : { ...state, polledAt: at },
  );
  if (!claim.changed) return claim.row;
  const state = stateOf(claim.row);
  try {
    const check = await getCheck(config, state.version, row.providerRef);
    return applyCheckState(claim.row, check, state.version === "v0.1", at);
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
      retryAt:
        state.retryAfter === undefined
          ? null
          : new Date((row.completedAt ?? row.updatedAt) + state.retryAfter * 1000).toISOString(),
      sandbox: truidConfig()?.sandbox ?? false,
    },
  };
}
