import "server-only";
import { now } from "@/lib/clock";
import { statusAt } from "@/lib/core/endings";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import {
  answerSandboxPrompt,
  findSandboxPrompt,
  insertSandboxPrompt,
  listPendingSandboxPrompts,
} from "./queries";
import type { SandboxTruecallerRequest } from "./tables";
import { SANDBOX_TTL_MS, issueSandboxToken } from "./api";
import { deliverCallback, type Delivery } from "./callback-delivery";
import { truecallerRuleFor } from "./rules";
import { truecallerSettings } from "../settings";

// The Truecaller app on a simulated phone (docs/providers.md#emulators): the consent prompts it shows,
// and what tapping Continue, Back or "Use another number" makes Truecaller's backend send: a
// callback for an approval, and for a refusal of a deep link's sheet (flow B); nothing for a
// refused push (flow A), for which Truecaller documents no callback. A prompt stays on the phone
// until it is answered or expires, as Truecaller's own would, also once the app stopped waiting
// for it (its verification ended: replaced by a deep link, timed out…): the phone says so, and
// an answer to it changes nothing in the app.

export type SandboxPrompt = {
  requestId: string;
  flow: "push" | "deeplink";
  partnerName: string;
  status: SandboxTruecallerRequest["status"];
  createdAt: string;
  expiresAt: string;
  /**
   * Whether the app still waits for an answer: false once the app's verification of this
   * request ended. A request of no verification of this app (a script's) counts as waited for.
   */
  waited: boolean;
};

export const promptActions = ["approve", "decline", "use-another-number"] as const;
export type PromptAction = (typeof promptActions)[number];

const answers = {
  approve: "approved",
  decline: "declined",
  "use-another-number": "another_number",
} as const;

function digits(e164: string): string {
  return e164.replace(/^\+/, "");
}

function toPrompt(row: SandboxTruecallerRequest, waited: boolean): SandboxPrompt {
  return {
    requestId: row.requestId,
    flow: row.flow,
    partnerName: row.partnerName,
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    waited,
  };
}

/** Whether the app's verification of `requestId`, if it has one, still waits at `at`. */
async function waitedFor(requestId: string, at: number): Promise<boolean> {
  const verification = await findVerificationByProviderRef("truecaller", requestId);
  return !verification || statusAt(verification, at).status === "pending";
}

/**
 * The prompts waiting on a phone, newest first: the one to answer is on top, above a push the
 * app no longer waits for (its deep link replaced it), whose answer would change nothing.
 */
export async function pendingPrompts(e164: string): Promise<SandboxPrompt[]> {
  const at = now();
  const rows = await listPendingSandboxPrompts(digits(e164), at);
  return Promise.all(rows.map(async (row) => toPrompt(row, await waitedFor(row.requestId, at))));
}

/**
 * Answers a prompt as the phone's owner would, then delivers what Truecaller's backend sends
 * (docs/providers.md#callback): the token on approval; on a refusal, `{requestId, status}` in
 * flow B only. Truecaller documents no callback for a push (flow A) that is declined or
 * ignored, so none is sent: the answer is kept here, and the app's verification waits until
 * its request times out. `callback` is null when nothing was sent.
 */
export async function answerPrompt(
  requestId: string,
  action: PromptAction,
): Promise<{ prompt: SandboxPrompt; callback: Delivery | null }> {
  const at = now();
  // Asked before the answer reaches the app, which may end the verification.
  const waited = await waitedFor(requestId, at);
  const answered = await answerSandboxPrompt(requestId, answers[action], at);
  if (!answered) {
    const existing = await findSandboxPrompt(requestId);
    if (!existing) throw new ApiError("not_found", "No Truecaller prompt with this requestId.");
    if (existing.status !== "pending") {
      throw new ApiError("conflict", "This prompt has been answered already.");
    }
    throw new ApiError("expired", "This prompt has expired.");
  }
  const prompt = toPrompt(answered, waited);
  if (action !== "approve" && answered.flow === "push") return { prompt, callback: null };
  const body: Record<string, string> =
    action === "approve"
      ? {
          accessToken: await issueSandboxToken(requestId, answered.phone),
          // Flow B names the region's profile URL; flow A uses the fixed host.
          ...(answered.flow === "deeplink"
            ? { endpoint: `${getEnv().appUrl}/api/sandbox/truecaller/v1/default` }
            : {}),
          ...(answered.state ? { state: answered.state } : {}),
        }
      : { status: action === "decline" ? "user_rejected" : "use_another_number" };
  const callback = await deliverCallback({ requestId, ...body });
  return { prompt, callback };
}

/**
 * Flow B's entry (docs/providers.md#flow-b-mobile-web-deep-link): the phone opens a `truecallersdk://` link. The app
 * shows its consent sheet when the link is valid and the phone's owner is a Truecaller user;
 * otherwise nothing happens, which the page sees as "Truecaller did not open".
 */
export async function openDeepLink(
  link: string,
  e164: string,
): Promise<{ opened: true; prompt: SandboxPrompt } | { opened: false; reason: string }> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new ApiError("bad_request", "link: a truecallersdk://truesdk/web_verify?… URL.");
  }
  if (
    url.protocol !== "truecallersdk:" ||
    url.host !== "truesdk" ||
    url.pathname !== "/web_verify"
  ) {
    throw new ApiError("bad_request", "link: a truecallersdk://truesdk/web_verify?… URL.");
  }
  const nonce = url.searchParams.get("requestNonce") ?? "";
  if (url.searchParams.get("partnerKey") !== truecallerSettings.read().TRUECALLER_SANDBOX_APP_KEY) {
    return { opened: false, reason: "invalid_partner_key" };
  }
  if (nonce.length < 8 || nonce.length > 64) return { opened: false, reason: "invalid_nonce" };
  const phone = digits(e164);
  if (truecallerRuleFor(phone) === "not_user") return { opened: false, reason: "not_registered" };
  const at = now();
  const row: SandboxTruecallerRequest = {
    requestId: nonce,
    flow: "deeplink",
    phone,
    partnerName:
      url.searchParams.get("partnerName")?.slice(0, 60) ||
      truecallerSettings.read().TRUECALLER_PARTNER_NAME,
    state: null,
    status: "pending",
    createdAt: at,
    expiresAt: at + SANDBOX_TTL_MS,
    answeredAt: null,
  };
  // A nonce is single-use: opening the same link twice shows nothing new.
  if (!(await insertSandboxPrompt(row))) return { opened: false, reason: "nonce_used" };
  return { opened: true, prompt: toPrompt(row, await waitedFor(nonce, at)) };
}
