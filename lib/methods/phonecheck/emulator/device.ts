import "server-only";
import { now } from "@/lib/clock";
import { randomId, safeEqual, sha256 } from "@/lib/crypto";
import { findSandboxCheck, updateSandboxCheck } from "./queries";
import type { SandboxTruidCheck } from "./tables";
import { problem } from "./auth";
import { queueCallback } from "./callbacks";
import { emulatorBase, notFoundProblem, sweep, type Version } from "./checks";
import { truidOperatorRuleFor, truidOutcomeFor, truidVisitRuleFor } from "./rules";

// What a phone meets when it opens a check URL (docs/providers.md#the-check-url-and-the-code-v02):
//   GET …/checks/{id}/redirect  → 302 to the operator hop (the check becomes PENDING)
//   GET …/mno/{id}?hop=…        → the operator has seen the data session:
//       v0.1: the check is COMPLETED and the journey ends with a 200 page;
//       v0.2: a one-time code is minted, then 302 {redirect_url}?check_id=…&code=… (or, without
//             a redirect_url, JSON {check_id, code}); the check stays PENDING until the PATCH.
// Every request is taken as coming over mobile data, unless a number rule says otherwise.

const NO_STORE = { "Cache-Control": "no-store" };

// What the check URL answers for each visit rule (tru.ID's problem types), and the error_code the
// check ends with. tru.ID's list of error codes has no mno_redirect_unsupported: an operator that
// cannot redirect is one PhoneCheck cannot use, the nearest listed code is mno_not_supported.
const VISIT_PROBLEMS = {
  not_mobile_ip: [412, "Precondition Failed", "Not a mobile IP", "not_mobile_ip"],
  mno_not_supported: [
    400,
    "Bad Request",
    "Mobile Network Operator Not Supported",
    "mno_not_supported",
  ],
  ip_msisdn_mismatch: [409, "Conflict", "ip_msisdn_mismatch", "ip_msisdn_mismatch"],
  mno_redirect_unsupported: [
    501,
    "Not Implemented",
    "Mobile Network Operator Not Supporting Redirect",
    "mno_not_supported",
  ],
} as const;
const REDIRECT_UNSUPPORTED = VISIT_PROBLEMS.mno_redirect_unsupported;

// GET /phone_check/{version}/checks/{check_id}/redirect
export async function emulateCheckUrl(version: Version, id: string): Promise<Response> {
  await sweep();
  const check = id.length <= 64 ? await findSandboxCheck(id) : undefined;
  if (!check || check.version !== version || !isOpen(check)) return notFoundProblem();
  const rule = truidVisitRuleFor(check.phoneNumber);
  if (rule) {
    const [status, title, detail, errorCode] = VISIT_PROBLEMS[rule];
    const failed = await updateSandboxCheck(check.checkId, ["ACCEPTED", "PENDING"], {
      status: "ERROR",
      errorCode,
      codeHash: null,
      hopNonce: null,
      updatedAt: now(),
    });
    if (failed) await queueCallback(failed);
    return problem(status, rule, title, detail);
  }
  const hop = randomId(16);
  const pending = await updateSandboxCheck(check.checkId, ["ACCEPTED", "PENDING"], {
    status: "PENDING",
    hopNonce: hop,
    updatedAt: now(),
  });
  if (!pending) return notFoundProblem();
  return redirect(`${emulatorBase()}/mno/${encodeURIComponent(check.checkId)}?hop=${hop}`);
}

// GET /mno/{check_id}?hop=… — the mobile operator's hop
export async function emulateOperatorHop(request: Request, id: string): Promise<Response> {
  await sweep();
  const hop = new URL(request.url).searchParams.get("hop") ?? "";
  const check = id.length <= 64 ? await findSandboxCheck(id) : undefined;
  if (!check || check.status !== "PENDING" || !check.hopNonce || !safeEqual(hop, check.hopNonce)) {
    return notFoundProblem();
  }
  const rule = truidOperatorRuleFor(check.phoneNumber);
  if (rule === "timeout") {
    // The operator never answers. A device would wait until its own timeout; the emulator says so
    // at once, and the check stays PENDING until its ttl makes it EXPIRED (sweep).
    return problem(
      504,
      "mno_timeout",
      "Gateway Timeout",
      "The mobile network operator did not answer",
    );
  }
  const outcome = truidOutcomeFor(check.phoneNumber);
  const at = now();
  if (rule === "redirect_error") {
    const [status, title, detail, errorCode] = REDIRECT_UNSUPPORTED;
    const failed = await updateSandboxCheck(check.checkId, ["PENDING"], {
      status: "ERROR",
      errorCode,
      hopNonce: null,
      updatedAt: at,
    });
    if (failed) await queueCallback(failed);
    // v0.2 ends the journey with the error variant; v0.1 has none, and answers the problem.
    if (check.version === "v0.1") return problem(status, "mno_redirect_unsupported", title, detail);
    return deviceAnswer(check, {
      error: "mno_redirect_unsupported",
      error_description: "MNO redirect unsupported",
    });
  }
  if (outcome === "error") {
    const failed = await updateSandboxCheck(check.checkId, ["PENDING"], {
      status: "ERROR",
      errorCode: "mno_server_error",
      hopNonce: null,
      updatedAt: at,
    });
    if (failed) await queueCallback(failed);
    return deviceAnswer(check, {
      error: "mno_server_error",
      error_description: "The mobile network operator could not complete the check",
    });
  }
  if (check.version === "v0.1") {
    const completed = await updateSandboxCheck(check.checkId, ["PENDING"], {
      status: "COMPLETED",
      match: outcome === "match",
      hopNonce: null,
      updatedAt: at,
    });
    if (!completed) return notFoundProblem();
    await queueCallback(completed);
    return finalPage();
  }
  const code = randomId(12);
  const minted = await updateSandboxCheck(check.checkId, ["PENDING"], {
    codeHash: sha256(code),
    pendingMatch: outcome === "match",
    hopNonce: null,
    updatedAt: at,
  });
  if (!minted) return notFoundProblem();
  return deviceAnswer(check, { code });
}

function isOpen(check: SandboxTruidCheck): boolean {
  return check.status === "ACCEPTED" || check.status === "PENDING";
}

/** v0.2's end of the journey: to the redirect_url with the result in the query, or as JSON. */
function deviceAnswer(check: SandboxTruidCheck, result: Record<string, string>): Response {
  if (check.version === "v0.1") {
    return problem(502, "mno_server_error", "Bad Gateway", result.error_description ?? "Error");
  }
  const body = {
    check_id: check.checkId,
    ...result,
    ...(check.referenceId ? { reference_id: check.referenceId } : {}),
  };
  if (!check.redirectUrl) return Response.json(body, { headers: NO_STORE });
  const target = new URL(check.redirectUrl);
  for (const [name, value] of Object.entries(body)) target.searchParams.set(name, value);
  return redirect(target.toString());
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, ...NO_STORE } });
}

// The emulated operator's own last page in v0.1 (the real one is the operator's, in its
// language): English, said to be, in plain words and readable on a phone.
const FINAL_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mobile data check done</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #0f172a; background: #f8fafc; }
  main { max-width: 28rem; margin: 0 auto; padding: 1.5rem; background: #fff; border: 1px solid #e2e8f0; border-radius: 1rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
  p { margin: 0; color: #475569; }
</style>
<main>
  <h1>Check done</h1>
  <p>Your mobile operator has checked this phone's SIM. Go back to the page where you started: it shows the result.</p>
</main>
</html>`;

function finalPage(): Response {
  return new Response(FINAL_PAGE, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE },
  });
}
