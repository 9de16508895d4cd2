import "server-only";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError, rateLimited } from "@/lib/errors";
import { log } from "@/lib/log";
import { takeRateLimit } from "@/lib/db/rate-limits";
import type { Verification } from "@/lib/db/schema";
import { fail, reject } from "@/lib/core/state-machine";
import {
  findVerification,
  insertVerification,
  updatePendingVerification,
} from "@/lib/db/verifications";
import { parsePhone } from "@/lib/phone";
import {
  buildDeepLink,
  createRequest,
  toTruecallerNumber,
  truecallerConfig,
  TruecallerError,
} from "./provider";
import { bindingFor } from "@/lib/session";
import type { TruecallerDetails, TruecallerFlow } from "./details";

// The Truecaller method (providers.md §1). Flow A: our server asks Truecaller to push a consent
// prompt to the number's app. Flow B: an Android browser opens a deep link carrying our nonce.
// Either way Truecaller POSTs a token to our callback (truecaller-callback.ts), and only the
// profile our server fetches with it can approve the verification.

// The guide's advice: do not re-trigger prompts to one number too often (web-login README).
const REQUESTS_PER_PHONE = 5;
const REQUEST_WINDOW_MS = 3600_000;

/** Where a verification is in its flow: `providerState`, compared and set as exact text. */
export type TruecallerStage = "waiting" | "fetching" | "done";

export function stateText(flow: TruecallerFlow, stage: TruecallerStage): string {
  return JSON.stringify({ flow, stage });
}

export function readState(text: string | null): { flow: TruecallerFlow; stage: TruecallerStage } {
  try {
    const value = JSON.parse(text ?? "") as { flow?: string; stage?: string };
    const flow = value.flow === "deeplink" ? "deeplink" : "push";
    const stage = value.stage === "fetching" || value.stage === "done" ? value.stage : "waiting";
    return { flow, stage };
  } catch {
    return { flow: "push", stage: "done" };
  }
}

export function requireTruecaller() {
  const config = truecallerConfig();
  if (!config) {
    throw new ApiError(
      "method_unavailable",
      "Truecaller verification is not configured on this server (no app key).",
    );
  }
  return config;
}

function lifetimeMs(): number {
  return getEnv().TRUECALLER_REQUEST_TTL * 1000;
}

/**
 * Flow A. The row is committed before Truecaller is called (security.md R44). A number without
 * Truecaller ends `rejected` (not_truecaller_user) and a provider failure `failed`: the status
 * view explains either and offers SMS.
 */
export async function startPush(input: {
  phone: string;
  bindingHash: string | null;
}): Promise<Verification> {
  const config = requireTruecaller();
  const at = now();
  const allowance = await takeRateLimit(
    "truecaller_request",
    input.phone,
    REQUESTS_PER_PHONE,
    REQUEST_WINDOW_MS,
    at,
  );
  if (!allowance.allowed) {
    throw rateLimited(
      "Too many Truecaller requests were sent to this number. Wait a while, or use SMS.",
      allowance.retryAfterMs / 1000,
    );
  }
  const id = randomId();
  const inserted = await insertVerification({
    id,
    method: "truecaller",
    phone: input.phone,
    bindingHash: input.bindingHash,
    providerState: stateText("push", "waiting"),
    expiresAt: at + lifetimeMs(),
    createdAt: at,
    updatedAt: at,
  });
  try {
    const { requestId } = await createRequest(config, {
      phoneNumber: toTruecallerNumber(input.phone),
    });
    log.info("truecaller request sent", { verificationId: id, sandbox: config.sandbox });
    return (
      (await updatePendingVerification(id, { providerRef: requestId, updatedAt: now() })) ??
      inserted
    );
  } catch (error) {
    if (!(error instanceof TruecallerError)) throw error;
    const notUser = error.kind === "not_user";
    const reason = notUser
      ? "not_truecaller_user"
      : error.kind === "timeout"
        ? "provider_timeout"
        : "provider_error";
    (error.kind === "bad_credentials" ? log.error : log.warn)("truecaller request refused", {
      verificationId: id,
      kind: error.kind,
      status: error.status,
      code: error.code,
    });
    const end = notUser ? reject : fail;
    const finished = await end(inserted, reason, now(), {
      providerState: stateText("push", "done"),
    });
    return finished ?? (await findVerification(id)) ?? inserted;
  }
}

/**
 * Flow B. No call to Truecaller: the browser opens the deep link with our nonce, which
 * Truecaller echoes as the callback's requestId. It carries 192 random bits, within the
 * 8–64 characters Truecaller takes (security.md R32), and is bound to this browser.
 */
export async function startDeepLink(
  request: Request,
  input: { phone: string; country?: string },
): Promise<{ verification: Verification; setCookie: string | undefined }> {
  const parsed = parsePhone(input.phone, {
    country: input.country,
    allowedCountries: getEnv().ALLOWED_COUNTRIES,
  });
  if (!parsed.ok) throw new ApiError("invalid_phone", parsed.message);
  requireTruecaller();
  const binding = bindingFor(request);
  const at = now();
  const verification = await insertVerification({
    id: randomId(),
    method: "truecaller",
    phone: parsed.phone.e164,
    bindingHash: binding.hash,
    providerRef: randomId(24),
    providerState: stateText("deeplink", "waiting"),
    expiresAt: at + lifetimeMs(),
    createdAt: at,
    updatedAt: at,
  });
  log.info("truecaller deep link issued", { verificationId: verification.id });
  return { verification, setCookie: binding.setCookie };
}

export function truecallerDetails(row: Verification): TruecallerDetails {
  const { flow } = readState(row.providerState);
  const config = truecallerConfig();
  return {
    flow,
    requestId: flow === "push" ? row.providerRef : null,
    deepLink:
      flow === "deeplink" && row.status === "pending" && config && row.providerRef
        ? buildDeepLink(config, row.providerRef)
        : null,
    sandbox: config?.sandbox ?? false,
  };
}
