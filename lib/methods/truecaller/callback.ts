import "server-only";
import { now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Verification } from "@/lib/db/schema";
import { approve, expireIfOverdue, isOverdue, swapProviderState } from "@/lib/core/state-machine";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import {
  fetchProfile,
  parseCallback,
  toTruecallerNumber,
  truecallerConfig,
  trustedProfileUrl,
  TruecallerError,
  type TruecallerConfig,
} from "./provider";
import { runInBackground } from "./background";
import { fail, reject, type TruecallerReason } from "./reasons";
import { FETCH_LOST_MARGIN_MS, readState, stateText } from "./state";

// Truecaller's callback (docs/providers.md#callback, docs/security.md#truecaller-callback). Nothing
// authenticates it, so every field is treated as an attacker's: the requestId only selects a
// pending request, a status can only end it unsuccessfully, and a token approves nothing by
// itself — only the profile our server fetches with it, from a Truecaller host, whose number
// is the one the person entered. The access token is never stored, logged or returned.

/**
 * Handles one callback and returns quickly: the profile is fetched in the background. Unknown,
 * expired and finished requests are acknowledged too, so that Truecaller stops retrying.
 */
export async function receiveCallback(value: unknown): Promise<void> {
  const callback = parseCallback(value);
  if (!callback) {
    throw new ApiError(
      "bad_request",
      "Not a Truecaller callback: expected requestId with accessToken or status.",
    );
  }
  const at = now();
  const found = await findVerificationByProviderRef("truecaller", callback.requestId);
  // The one expiry rule: an overdue request is expired now, as a status poll would.
  const overdue = found !== undefined && isOverdue(found, at);
  const row = found && (await expireIfOverdue(found, at));
  const ignored = !row
    ? "unknown_request"
    : overdue
      ? "expired"
      : row.status !== "pending"
        ? "finished"
        : readState(row.providerState).stage !== "waiting"
          ? "in_progress"
          : undefined;
  if (!row || ignored) {
    log.info("truecaller callback ignored", { reason: ignored, verificationId: row?.id });
    return;
  }
  const from = row.providerState ?? "";
  const { flow } = readState(from);
  const done = stateText(flow, "done");
  switch (callback.kind) {
    case "rejected":
      await finish(row, from, "rejected", callback.reason, done);
      return;
    case "unknown_status":
      log.warn("truecaller callback with an unknown status", {
        verificationId: row.id,
        status: callback.status.slice(0, 64),
      });
      await finish(row, from, "failed", "provider_error", done);
      return;
    case "token": {
      const config = truecallerConfig();
      if (!config) {
        log.warn("truecaller callback while Truecaller is not configured", {
          verificationId: row.id,
        });
        return;
      }
      // Flow A always reads the fixed profile host; flow B's `endpoint` only if allow-listed.
      const url =
        flow === "push" || callback.endpoint === undefined
          ? config.profileUrl
          : trustedProfileUrl(config, callback.endpoint);
      if (!url) {
        log.warn("truecaller callback endpoint refused", {
          verificationId: row.id,
          host: hostOf(callback.endpoint ?? ""),
        });
        await finish(row, from, "failed", "untrusted_endpoint", done);
        return;
      }
      const fetching = stateText(flow, "fetching");
      // Of two tokens at once (a replay, a forgery racing Truecaller), one is used. The person
      // said yes in time: the verification stays open while its profile is fetched, so that a
      // status poll does not expire it meanwhile (until the fetch counts as lost at the latest).
      const claimed = await swapProviderState(row, fetching, now(), {
        set: {
          expiresAt: Math.max(row.expiresAt, at + config.timeoutMs + FETCH_LOST_MARGIN_MS),
        },
      });
      if (!claimed) return;
      runInBackground(
        row.id,
        completeWithProfile(claimed, fetching, config, callback.accessToken, url, at),
      );
      return;
    }
  }
}

async function finish(
  row: Verification,
  from: string,
  status: "failed" | "rejected",
  reason: TruecallerReason,
  done: string,
): Promise<void> {
  const end = status === "rejected" ? reject : fail;
  await end(row, reason, now(), { providerState: done }, { providerState: from });
}

/**
 * Fetches the profile and decides: approved only for the number the person entered. The person
 * said yes when the callback came (`calledBackAt`, before the expiry): a profile that takes a
 * moment longer still counts.
 */
async function completeWithProfile(
  row: Verification,
  from: string,
  config: TruecallerConfig,
  accessToken: string,
  url: string,
  calledBackAt: number,
): Promise<void> {
  const done = stateText(readState(from).flow, "done");
  const outcome = await judgeProfile(row, config, accessToken, url);
  const expect = { providerState: from };
  const at = now();
  if (outcome.status === "approved") {
    await approve(
      row,
      at,
      { displayName: outcome.displayName ?? null, providerState: done, provenAt: calledBackAt },
      expect,
    );
  } else {
    await fail(row, outcome.reason, at, { providerState: done }, expect);
  }
}

type Outcome =
  | { status: "approved"; displayName: string | undefined; reason?: undefined }
  | { status: "failed"; reason: TruecallerReason; displayName?: undefined };

async function judgeProfile(
  row: Verification,
  config: TruecallerConfig,
  accessToken: string,
  url: string,
): Promise<Outcome> {
  try {
    const profile = await fetchProfile(config, accessToken, url);
    // The first number is the account's own; the others are whatever the user added.
    const own = profile.phoneNumbers[0];
    if (!own) return { status: "failed", reason: "profile_error" };
    if (own !== toTruecallerNumber(row.phone)) {
      log.warn("truecaller profile number differs from the entered one", {
        verificationId: row.id,
      });
      return { status: "failed", reason: "profile_mismatch" };
    }
    const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ").slice(0, 100);
    return { status: "approved", displayName: name || undefined };
  } catch (error) {
    if (!(error instanceof TruecallerError)) throw error;
    log.warn("truecaller profile fetch failed", { verificationId: row.id, ...error.summary });
    const reason: TruecallerReason =
      error.kind === "unauthorized"
        ? "token_rejected"
        : error.kind === "timeout"
          ? "profile_timeout"
          : "profile_error";
    return { status: "failed", reason };
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host.slice(0, 100);
  } catch {
    return "(not a URL)";
  }
}
