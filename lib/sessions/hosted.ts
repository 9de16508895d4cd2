import "server-only";
import { now } from "@/lib/clock";
import { bindingFor, holdsBinding, type Caller } from "@/lib/core/caller";
import { ApiError, notFound } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import type { MethodName } from "@/lib/method-names";
import { formatPhone, parsePhone } from "@/lib/phone";
import { getEnv } from "@/lib/env";
import { attemptsOf, bindSession, findSession } from "@/lib/db/sessions";
import type { Session } from "@/lib/db/schema";
import type { EndedStatus } from "@/lib/session-status";
import { allowedMethods, issueResultToken } from "./sessions";
import { abandonSession, refreshSession } from "@/lib/core/session-state";
import { statusAt } from "@/lib/core/endings";

// The person's side of a session: the hosted page (app/session/[id]), the verifications it
// starts, and the way back to the app. Only the browser that opened the session's url first
// (its binding) may act in it.

type HostedSession =
  | { state: "not_found" }
  /** Its url was not opened yet: the page sends the browser through it. */
  | { state: "unopened"; openUrl: string }
  /** Opened in another browser: nothing about it is shown. */
  | { state: "elsewhere" }
  /**
   * Finished: the page sends the browser back to the app (`returnUrl`), or says it is over
   * where the person came back to it (Back from the app).
   */
  | { state: "ended"; returnUrl: string; host: string; outcome: EndedStatus }
  | {
      state: "open";
      id: string;
      /** The number the app gave (the person cannot change it), E.164. */
      phone: string | null;
      phoneDisplay: string | null;
      /** Allowed by the app and available here, in the app's order. */
      methods: MethodName[];
      expiresAt: string;
      /** The app's origin, named on the page ("Back to app.example.com"). */
      appOrigin: string;
      /** The latest attempt still under way: the page resumes it. */
      pendingVerificationId: string | null;
    };

/**
 * Ended otherwise than verified: where it goes back to says only that (an error, no token), so
 * any browser may be sent there.
 */
const endedUnverified = (session: Session) =>
  session.status !== "pending" && session.status !== "verified";

/**
 * The path of a session's page (`suffix`: one of its routes). The id is escaped: it is the one
 * the request named, which may be anything (`%0d%0a`), and it goes into a Location header.
 */
export const sessionPath = (id: string, suffix = "") =>
  `/session/${encodeURIComponent(id)}${suffix}`;

/** Where the browser goes to leave the session: back to the app, token or error in hand. */
const returnPath = (id: string) => sessionPath(id, "/return");

/** How a session ended, for its page: the way back, to which app, and why. */
const ended = (session: Session): HostedSession => ({
  state: "ended",
  returnUrl: returnPath(session.id),
  host: new URL(session.returnUrl).host,
  outcome: session.status as EndedStatus,
});

export async function hostedSession(caller: Caller, id: string): Promise<HostedSession> {
  const found = await findSession(id);
  if (!found) return { state: "not_found" };
  const session = await refreshSession(found);
  // Ended unverified (canceled or expired before anyone opened it, perhaps): every browser goes
  // back to the app with the error, before the binding is asked about. Its url binds nothing
  // any more, so sending it there again would loop.
  if (endedUnverified(session)) return ended(session);
  if (session.bindingHash === null) return { state: "unopened", openUrl: sessionPath(id, "/open") };
  if (!holdsBinding(caller, session.bindingHash)) return { state: "elsewhere" };
  if (session.status !== "pending") return ended(session);
  const attempts = await attemptsOf(id);
  const at = now();
  const pending = attempts.findLast((row) => statusAt(row, at).status === "pending");
  return {
    state: "open",
    id,
    phone: session.phone,
    phoneDisplay: session.phone ? formatPhone(session.phone) : null,
    methods: allowedMethods(session),
    expiresAt: new Date(session.expiresAt).toISOString(),
    appOrigin: new URL(session.returnUrl).origin,
    pendingVerificationId: pending?.id ?? null,
  };
}

/**
 * A verification's session, for its status view: which methods it may switch to, and the
 * host of the app it goes back to.
 */
export async function sessionOfVerification(
  sessionId: string | null,
): Promise<
  | { id: string; methods: MethodName[]; host: string; phoneFixed: boolean; expiresAt: string }
  | undefined
> {
  if (!sessionId) return undefined;
  const session = await findSession(sessionId);
  if (!session) return undefined;
  return {
    id: session.id,
    methods: allowedMethods(session),
    host: new URL(session.returnUrl).host,
    phoneFixed: session.phone !== null,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/** The session this browser is verifying in, still pending; otherwise a clear refusal. */
async function ownPendingSession(caller: Caller, id: string): Promise<Session> {
  const found = await findSession(id);
  if (!found || !holdsBinding(caller, found.bindingHash)) {
    throw new ApiError("forbidden", words("server.errors.sessionElsewhere"));
  }
  const session = await refreshSession(found);
  // How it ended is the app's to hear (its return_url's error, the webhook), not this page's.
  if (session.status !== "pending") {
    throw new ApiError("conflict", words("server.errors.sessionEnded"));
  }
  return session;
}

/**
 * Checks a start inside a session (POST /api/verifications with `session`): this browser's,
 * still pending, a method the app allows, and the app's number when it gave one. Answers the
 * session's methods available here.
 */
export async function checkAttempt(
  caller: Caller,
  sessionId: string,
  input: { method: MethodName; phone: string; country?: string },
): Promise<MethodName[]> {
  const session = await ownPendingSession(caller, sessionId);
  if (!allowedMethods(session).includes(input.method)) {
    throw new ApiError("forbidden", words("server.errors.sessionMethod"), {
      details: { method: input.method },
    });
  }
  if (session.phone) {
    const parsed = parsePhone(input.phone, {
      country: input.country,
      allowedCountries: getEnv().ALLOWED_COUNTRIES,
    });
    if (!parsed.ok || parsed.phone.e164 !== session.phone) {
      throw new ApiError("bad_request", words("server.errors.sessionPhone"));
    }
  }
  return allowedMethods(session);
}

/**
 * Whether the session ended otherwise than verified (the app canceled it, it expired, the
 * person gave up in another tab): the hosted page and its attempts' pages ask this while the
 * person is on them (GET /session/:id/state), to go back to the app with the error at once
 * rather than when they next tap something. Past its expiry, the session ends now. To any
 * browser it says no more than the way back would (exitUrl); to the browser that holds the
 * session, while it is pending, also the seconds it has left (`expiresIn`, by the server's
 * clock), so that its pages warn before the time runs out.
 */
export async function sessionState(
  caller: Caller,
  id: string,
): Promise<{ ended: boolean; expiresIn?: number }> {
  const found = await findSession(id);
  // No such session (a wrong id, or one purged): not a live one, as `false` would say.
  if (!found) throw notFound("session");
  const session = await refreshSession(found);
  if (session.status !== "pending" || !holdsBinding(caller, session.bindingHash)) {
    return { ended: endedUnverified(session) };
  }
  return { ended: false, expiresIn: Math.max(0, Math.ceil((session.expiresAt - now()) / 1000)) };
}

/** The person gives up: the session fails, and the way back says so. */
export async function giveUp(caller: Caller, id: string): Promise<void> {
  await abandonSession(await ownPendingSession(caller, id));
}

/**
 * Where the browser goes from /session/<id>/return: the app's return_url with the session id
 * and a token (verified, to the browser it is bound to) or an error (ended otherwise, to any
 * browser); the hosted page while it is pending, or for another browser.
 */
export async function exitUrl(caller: Caller, id: string): Promise<string> {
  const found = await findSession(id);
  if (!found) return sessionPath(id);
  const session = await refreshSession(found);
  const own = holdsBinding(caller, session.bindingHash);
  if (session.status === "pending" || (!own && !endedUnverified(session))) return sessionPath(id);
  const target = new URL(session.returnUrl);
  // Exactly the parameters this outcome calls for: a token or an error already in the app's
  // return_url (a stale one, from a link it reused) would read as part of this answer.
  for (const name of ["session_id", "token", "error"]) target.searchParams.delete(name);
  target.searchParams.set("session_id", session.id);
  if (session.status === "verified") {
    const result = await issueResultToken(session);
    if ("token" in result) target.searchParams.set("token", result.token);
    else target.searchParams.set("error", result.error);
  } else {
    target.searchParams.set("error", session.statusReason ?? session.status);
  }
  return target.toString();
}

/**
 * What GET on the session's url shows. A pending session no browser holds yet gets the page
 * that opens it, whose form (sent at once by its script) binds it: the GET itself binds
 * nothing, since an email scanner or a chat's link preview fetches the url before the person
 * does, and runs no script. Anything else (opened already, here or elsewhere; ended; unknown)
 * goes to the hosted page, which says so.
 */
export async function openingPage(
  id: string,
): Promise<{ host: string; locale?: string } | undefined> {
  const found = await findSession(id);
  // Past its expiry, it ends now: the hosted page sends the browser back to the app.
  const session = found && (await refreshSession(found));
  if (!session || session.status !== "pending" || session.bindingHash !== null) return undefined;
  return { host: new URL(session.returnUrl).host, locale: session.locale ?? undefined };
}

/**
 * The session's url was sent its form (POST): the first browser to send it is bound to the
 * session (a new binding secret when it had none, for the route to set). Another browser gets
 * nothing; the page it lands on says the link was opened elsewhere.
 */
export async function openSession(
  caller: Caller,
  id: string,
): Promise<{ binding?: string; locale?: string }> {
  const session = await findSession(id);
  if (!session || session.status !== "pending") return {};
  const locale = session.locale ?? undefined;
  if (session.bindingHash !== null)
    return holdsBinding(caller, session.bindingHash) ? { locale } : {};
  const binding = bindingFor(caller);
  if (!(await bindSession(id, binding.hash, now()))) return {};
  return { binding: binding.newSecret, locale };
}
