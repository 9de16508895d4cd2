import "server-only";
import { refusal, words } from "@/lib/i18n/catalogue";
import { z } from "zod";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { holdsBinding, type Caller } from "@/lib/core/caller";
import type { MethodHandler, Outcome } from "@/lib/core/method";
import { expireIfOverdue, updateProviderState } from "@/lib/core/state-machine";
import type { Verification } from "@/lib/db/schema";
import { findVerification } from "@/lib/db/verifications";
import type { Allowance } from "@/lib/core/limits";
import { giveBackEvent } from "@/lib/db/rate-limits";
import { parseWith } from "@/lib/parse";
import { log } from "@/lib/log";
import { networkOf } from "@/lib/ip";
import { settle } from "./background";
import type { TruecallerDetails } from "./details";
import {
  buildDeepLink,
  createRequest,
  toTruecallerNumber,
  truecallerConfig,
  TruecallerError,
} from "./provider";
import { endUnlessStateMovedOn, fail, truecallerReasons } from "./reasons";
import { FETCH_LOST_MARGIN_MS, readState, stateText } from "./state";
import { truecallerSettings } from "./settings";

// The Truecaller method (docs/providers.md#truecaller). Flow A (push): our server asks
// Truecaller to push a consent prompt to the number's app. Flow B (deeplink): an Android
// browser opens a deep link carrying our nonce. Either way Truecaller POSTs a token to our
// callback (callback.ts), and only the profile our server fetches with it can approve.

// Truecaller's advice: do not re-trigger prompts to one number too often; lock the flow for
// about five minutes per user (docs/providers.md#flow-a-web-push). A prompt declined in flow A
// tells us nothing, so within those minutes a new one would only pile up on the phone. The
// interval is taken with the hourly budget, in one statement, before the push (so that pushes
// at once get one through), and given back when Truecaller refuses the request outright (a
// number without an account, another 4xx): then no prompt is on any phone.
const REQUESTS_PER_PHONE_PER_HOUR = 5;
const HOUR = 3600_000;
const PROMPT_BUCKET = "truecaller_prompt";

const promptIntervalMs = () => truecallerSettings.read().TRUECALLER_PROMPT_INTERVAL * 1000;

/** The prompt interval as an allowance of `phone`, when there is one. */
function promptInterval(phone: string): Allowance[] {
  const windowMs = promptIntervalMs();
  if (windowMs === 0) return [];
  const minutes = Math.max(1, Math.ceil(windowMs / 60_000));
  const message = refusal(
    "server.errors.truecallerRecent",
    "server.errors.truecallerRecentAlone",
    {},
    minutes,
  );
  return [{ bucket: PROMPT_BUCKET, key: phone, limit: 1, windowMs, message }];
}

/**
 * The starts one client address, and its network (an IPv4 /24, an IPv6 /64), may make an hour:
 * per number alone, one address could prompt every number of a list, and learn from the
 * refusals which of them have the app.
 */
function perAddress(ip: string | undefined): Allowance[] {
  const truecaller = truecallerSettings.read();
  const message = refusal("server.errors.truecallerBusy", "server.errors.truecallerBusyAlone");
  return [
    {
      bucket: "truecaller_ip",
      key: ip ?? "unknown",
      limit: truecaller.TRUECALLER_STARTS_PER_IP_PER_HOUR,
      windowMs: HOUR,
      message,
    },
    {
      bucket: "truecaller_net",
      key: ip ? networkOf(ip) : "unknown",
      limit: truecaller.TRUECALLER_STARTS_PER_NETWORK_PER_HOUR,
      windowMs: HOUR,
      message,
    },
  ];
}

/** The provider state as updateProviderState reads and writes it. */
const truecallerState = {
  read: (row: Verification) => readState(row.providerState),
  write: ({ flow, stage }: ReturnType<typeof readState>) => stateText(flow, stage),
};

// What a browser may send with its start: the pending push of this browser that the new start
// is sent in place of (its page's "Send the prompt again", or the deep link "on this phone").
// It ends once the new prompt is out.
const browserOptions = { replaces: z.string().min(1).max(64).optional() };

const options = z
  .object({ flow: z.enum(["push", "deeplink"]).default("push"), ...browserOptions })
  .default({ flow: "push" });

/**
 * Flow A, once the row is committed. A number without Truecaller ends `rejected`
 * (not_truecaller_user) and a provider failure `failed`: the status view explains either.
 */
async function push(row: Verification): Promise<Outcome> {
  const config = truecallerConfig();
  if (!config) return { verification: row };
  try {
    const { requestId } = await createRequest(config, {
      phoneNumber: toTruecallerNumber(row.phone),
    });
    log.info("truecaller request sent", { verificationId: row.id, sandbox: config.sandbox });
    // Kept only while the request still waits, over the state this request read, like every
    // change of a Truecaller verification's state.
    const { row: sent } = await updateProviderState(
      row,
      truecallerState,
      (state) => (state.stage === "waiting" ? state : undefined),
      now(),
      { set: { providerRef: requestId } },
    );
    return { verification: sent };
  } catch (error) {
    if (!(error instanceof TruecallerError)) throw error;
    const level = error.kind === "bad_credentials" ? log.error : log.warn;
    level("truecaller request refused", { verificationId: row.id, ...error.summary });
    // Truecaller refused the request outright (a number without an account, our key, another
    // 4xx): no prompt reached any phone, so the interval taken for it is given back. After a
    // timeout, a 5xx or an answer we could not read, the prompt may be on the phone: kept.
    const refusedOutright = ["not_user", "bad_credentials", "rejected"].includes(error.kind);
    if (refusedOutright && promptIntervalMs() > 0) {
      await giveBackEvent(PROMPT_BUCKET, row.phone, promptIntervalMs(), row.createdAt);
    }
    return { verification: await endRefused(row, error) };
  }
}

/**
 * Ends a request Truecaller refused, onto the provider state as it then stands: once another
 * request moved it past waiting, the row is left to that request (it decides the ending, as a
 * callback's claim does); when the verification ended meanwhile, the answer is how it ended.
 */
function endRefused(row: Verification, error: TruecallerError): Promise<Verification> {
  const reason =
    error.kind === "not_user"
      ? "not_truecaller_user"
      : error.kind === "timeout"
        ? "provider_timeout"
        : "provider_error";
  const status = error.kind === "not_user" ? "rejected" : "failed";
  return endUnlessStateMovedOn(row, status, reason, now(), doneIfWaiting);
}

/** A request still waiting ends `done`; one another request moved on is left to it. */
function doneIfWaiting(current: Verification): string | undefined {
  const { flow, stage } = readState(current.providerState);
  return stage === "waiting" ? stateText(flow, "done") : undefined;
}

/**
 * A deep link started from a push's page ends that push, once the link's row is committed (a
 * prompt sent again, once it went out): one person, one live Truecaller request. Otherwise the phone would hold a notification whose
 * Continue still verifies, beside the sheet the page is waiting for. Only the caller's own push
 * of the same number, in the same session (or outside any, as the link), while it still waits:
 * it ends `failed` (replaced) onto its provider state as it then stands, the way a refused
 * push ends, so that a push whose callback is already being handled is left to that callback.
 * Anything else named is left alone: the link started all the same.
 */
async function replacePush(row: Verification, id: string, caller: Caller): Promise<Outcome> {
  const earlier = id === row.id ? undefined : await findVerification(id);
  const replaced =
    earlier !== undefined &&
    holdsBinding(caller, earlier.bindingHash) &&
    earlier.method === "truecaller" &&
    earlier.phone === row.phone &&
    earlier.sessionId === row.sessionId &&
    readState(earlier.providerState).flow === "push";
  if (replaced) {
    // The one expiry rule first: a push whose time ran out expired, it was not replaced.
    const current = await expireIfOverdue(earlier, now());
    await endUnlessStateMovedOn(current, "failed", "replaced", now(), doneIfWaiting);
  }
  return { verification: row };
}

function details(row: Verification): { truecaller: TruecallerDetails } {
  const { flow } = readState(row.providerState);
  const config = truecallerConfig();
  return {
    truecaller: {
      flow,
      requestId: flow === "push" ? row.providerRef : null,
      deepLink:
        flow === "deeplink" && row.status === "pending" && config && row.providerRef
          ? buildDeepLink(config, row.providerRef)
          : null,
      promptedAt:
        flow === "push" && row.status === "pending" ? new Date(row.createdAt).toISOString() : null,
      promptAgainAt:
        flow === "push" && row.status === "pending"
          ? new Date(row.createdAt + promptIntervalMs()).toISOString()
          : null,
      sandbox: config?.sandbox ?? false,
    },
  };
}

export const truecallerMethod = {
  name: "truecaller",
  providerName: "truecaller",
  asks: "a tap",
  settings: truecallerSettings,
  provider: truecallerConfig,
  unavailable: words("server.errors.truecallerOff"),
  // The push and the link on this phone are two starts, not twins.
  lockKey: (input) => parseWith(options, input ?? undefined).flow,
  // On a session's hosted page: Truecaller can reach the person by the number the app gave
  // (a prompt pushed to its app, flow A), or on Android by a deep link that opens the app on
  // this very phone (flow B), which is then how it starts there, number or not. Started as a
  // push on Android, the prompt would go to the phone in the person's hand, whose page then
  // offers the deep link anyway: one more tap, and an attempt that only got in the way.
  hostedPage: {
    fits: (device, phoneKnown) => phoneKnown || device === "android",
    startPath: (device) => (device === "android" ? "/api/truecaller/deep-link" : undefined),
  },
  browserOptions,
  prepare({ phone, at, caller, options: input }) {
    const { flow, replaces } = parseWith(options, input ?? undefined);
    const expiresAt = at + truecallerSettings.read().TRUECALLER_REQUEST_TTL * 1000;
    if (flow === "deeplink") {
      // No call to Truecaller: the browser opens the link with our nonce, which Truecaller echoes
      // as the callback's requestId. 192 random bits, within the 8–64 characters it takes.
      const fields = { providerRef: randomId(24), providerState: stateText(flow, "waiting") };
      return {
        fields: { ...fields, expiresAt },
        allowances: perAddress(caller.ip),
        begin: replaces === undefined ? undefined : (row) => replacePush(row, replaces, caller),
      };
    }
    return {
      fields: { providerState: stateText(flow, "waiting"), expiresAt },
      allowances: [
        {
          bucket: "truecaller_request",
          key: phone.e164,
          limit: REQUESTS_PER_PHONE_PER_HOUR,
          windowMs: HOUR,
          message: refusal("server.errors.truecallerBudget", "server.errors.truecallerBudgetAlone"),
        },
        ...promptInterval(phone.e164),
        ...perAddress(caller.ip),
        {
          bucket: "truecaller_all",
          key: "hour",
          limit: truecallerSettings.read().TRUECALLER_PUSHES_PER_HOUR,
          windowMs: HOUR,
          message: refusal("server.errors.truecallerBusy", "server.errors.truecallerBusyAlone"),
        },
      ],
      // Sent again from the push's page: once the new prompt is out, the old one is over.
      begin:
        replaces === undefined
          ? push
          : async (row) => {
              const outcome = await push(row);
              // Refused (push ends its row rather than answer a problem): the old prompt stays.
              if (outcome.verification.status === "pending") {
                await replacePush(outcome.verification, replaces, caller);
              }
              return outcome;
            },
    };
  },
  // A poll right after the callback sees its result: a row read while its profile was being
  // fetched is read again, after waiting for a fetch this process is still running (bounded
  // by the fetch's own timeout). Asked of the row, not only of the fetch: the fetch may have
  // ended between the read and this question, and then the row read is already old.
  // A fetch that never finished (its process died, or the database failed it as it ended)
  // would leave the row `fetching` until it expired, every later callback ignored as in
  // progress: once well past the fetch's timeout, it ends as the provider error it was.
  async refresh(row) {
    if (readState(row.providerState).stage !== "fetching") return row;
    const timeoutMs = truecallerConfig()?.timeoutMs ?? 0;
    await settle(row.id, timeoutMs + 500);
    const current = (await findVerification(row.id)) ?? row;
    const { stage, flow } = readState(current.providerState);
    const at = now();
    if (stage !== "fetching" || at - current.updatedAt <= timeoutMs + FETCH_LOST_MARGIN_MS) {
      return current;
    }
    log.warn("truecaller profile fetch lost", { verificationId: current.id });
    const ended = await fail(
      current,
      "provider_error",
      at,
      { providerState: stateText(flow, "done") },
      { providerState: current.providerState },
    );
    return ended ?? (await findVerification(row.id)) ?? current;
  },
  details,
  reasons: truecallerReasons,
} satisfies MethodHandler<{ truecaller: TruecallerDetails }>;
