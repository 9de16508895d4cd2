"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";
import { Alert, ButtonLink, Card, Spinner } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import { isMethodDto, type DtoOf, type VerificationDto } from "@/lib/core/dto";
import type { MethodName } from "@/lib/method-names";
import { verificationKey, verificationQuery } from "@/lib/queries";
import { useAnnounce } from "./announcer";
import { rememberAttempt, rememberVerified, verifiedInstead } from "./resumable-attempts";
import { useFailureText } from "./failure-text";
import { useShowInSession } from "./home-link";
import { useI18n } from "./i18n";
import { useShowPhoneInPlay } from "./phone-in-play";
import { forgetHandoff } from "./start/number-handoff";
import { endingText } from "./ending-text";
import { GiveUpForm } from "./session/give-up-form";
import { ReturnWhenEnded } from "./session/return-when-ended";
import { StateHeading } from "./state-heading";
import { shownAsEnded, verificationTitle } from "./verification-title";

// The status view of every method: it polls the status and gives it to the method's panel
// (its child, chosen by the page), which reads it with useVerification(). A change of status
// that happens by itself (the phone approved, time ran out) is said in the live region.

/**
 * The verification session (lib/sessions) a verification is an attempt of: its id, the methods
 * its app allows (in the app's order), and the app's host where the page knows it.
 */
type SessionLink = {
  id: string;
  methods: MethodName[];
  host?: string;
  /** The app gave the number: the person cannot change it. */
  phoneFixed?: boolean;
  /** When the session ends (ISO): no attempt of it lasts longer. */
  expiresAt?: string;
};

/** The routes that start a method on this device where not the browser API's (lib/sessions/choose-method.ts). */
type StartPaths = Partial<Record<MethodName, string>>;

type Status = {
  verification: VerificationDto;
  refresh: () => void;
  successUrl: string | undefined;
  methods: MethodName[];
  startPaths: StartPaths;
  session: SessionLink | undefined;
};

const StatusContext = createContext<Status | undefined>(undefined);

export function StatusShell({
  id,
  initial,
  successUrl,
  methods,
  startPaths = {},
  session,
  children,
}: {
  id: string;
  initial: VerificationDto;
  /** Where "Continue" leads once the number is verified (SUCCESS_URL); none: start again. */
  successUrl?: string;
  /** The methods a person may switch to, in the order to offer them. */
  methods: MethodName[];
  /**
   * How a switch starts each method on this device, as the start page would: on an Android
   * phone, Truecaller by its deep link, not by a push to the phone in the person's hand.
   */
  startPaths?: StartPaths;
  /** An attempt of a session: its methods only, and back to its app once verified. */
  session?: SessionLink;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const failureText = useFailureText();
  const queryClient = useQueryClient();
  // The page rendered the first state on the server: no spinner before the first poll. In
  // another language (the switch renders the page again), the server's new first state.
  const query = useQuery({
    ...verificationQuery(id, locale),
    initialData: () => ({ ...initial, receivedAt: Date.now() }),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: verificationKey(id) });
  useShowPhoneInPlay(query.data?.phone);
  useShowInSession(session !== undefined);
  // The methods offered besides this one: what useOtherMethods gives the panels.
  const othersOffered = otherMethodsOf(session?.methods ?? methods, initial.method).length > 0;
  useAnnounceChanges(query.data, { phoneFixed: session?.phoneFixed, othersOffered });
  useTitleOfState(query.data);
  // The attempt this page shows is the one a switch back to its method returns to.
  // Not one verified already when the page opens (an old success page seen again): it is no
  // attempt to go back to, and remembered it would lead a later attempt of the number, made on
  // purpose, to that old success.
  const { phone, method } = initial;
  const sessionId = session?.id;
  const verifiedOnArrival = initial.status === "approved";
  useEffect(() => {
    if (!verifiedOnArrival) rememberAttempt({ phone, method, session: sessionId }, id);
  }, [id, phone, method, sessionId, verifiedOnArrival]);
  useGoToVerifiedAttempt(
    id,
    phone,
    sessionId,
    query.data?.status,
    query.data?.reason,
    query.dataUpdatedAt,
  );

  if (query.isPending) {
    return (
      <Card>
        <Spinner label={t.common.loading} />
      </Card>
    );
  }
  if (query.isError && !query.data) {
    const missing = query.error instanceof ApiFailure && query.error.status === 404;
    return missing ? <NotFoundCard /> : <Alert>{failureText(query.error)}</Alert>;
  }
  // An attempt ends with its session at the latest: its countdown says no later time (a code
  // sent in the session's last minutes would count down past the session's end).
  const sessionEnd = session?.expiresAt;
  const verification =
    sessionEnd && Date.parse(sessionEnd) < Date.parse(query.data.expiresAt)
      ? { ...query.data, expiresAt: sessionEnd }
      : query.data;
  return (
    <StatusContext.Provider
      value={{ verification, refresh, successUrl, methods, startPaths, session }}
    >
      {/* Until the number is verified, the person may give up and go back to the app, by the
          back link above the card; not once the session itself ended (nothing to cancel: the
          card's way on goes back). Ended while the person was here, the page goes back by
          itself; ended already when they came to it (Back from the app), it stays. */}
      {session &&
        query.data.status !== "approved" &&
        (query.data.reason === "session_ended" ? (
          initial.reason !== "session_ended" && <ReturnWhenEnded sessionId={session.id} />
        ) : (
          <div className="mb-4">
            <GiveUpForm sessionId={session.id} host={session.host} />
          </div>
        ))}
      {children}
    </StatusContext.Provider>
  );
}

/**
 * Once the number is verified, this tab's other attempts of it lead to the one that verified it:
 * on such an attempt, still pending (or, in a session, closed by the session that another
 * attempt verified), the page goes there (in its place in the history), nothing being left to
 * do here. That is Back to an attempt made before, and also the attempt the person moved on to
 * while the phone still finished the one before (it opened the PhoneCheck link after the switch
 * to Truecaller): a pending page asks at each poll.
 */
function useGoToVerifiedAttempt(
  id: string,
  phone: string,
  session: string | undefined,
  status: VerificationDto["status"] | undefined,
  reason: string | null | undefined,
  /** When the page last polled: a pending attempt asks again each time. */
  polledAt: number,
) {
  const router = useRouter();
  useEffect(() => {
    if (status === "approved") {
      // Verified just now, in this tab: the pages it holds from before (the start page, which
      // Back shows) were rendered for a browser not yet signed in; the router drops them.
      if (rememberVerified({ phone, session }, id)) router.refresh();
      forgetHandoff();
    }
    const superseded = status === "pending" || reason === "session_ended";
    if (!superseded) return;
    let current = true;
    void verifiedInstead(id, { phone, session }).then((verified) => {
      if (current && verified) router.replace(`/verify/${verified}`);
    });
    return () => {
      current = false;
    };
  }, [id, phone, session, status, reason, router, polledAt]);
}

/** Keeps the page's title saying the state shown (the page rendered it with the first one). */
function useTitleOfState(verification: VerificationDto | undefined) {
  const { t } = useI18n();
  const title = verification && verificationTitle(t, verification);
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
}

/** Says a new status in the live region: verified, or how and why it ended. */
function useAnnounceChanges(
  verification: VerificationDto | undefined,
  where: { phoneFixed?: boolean; othersOffered: boolean },
) {
  const { phoneFixed, othersOffered } = where;
  const { t } = useI18n();
  const announce = useAnnounce();
  const key = verification && `${verification.status}:${verification.reason ?? ""}`;
  const previous = useRef(key);
  useEffect(() => {
    if (!verification || key === previous.current) return;
    previous.current = key;
    if (verification.status === "approved") announce(t.verified.title);
    else if (shownAsEnded(verification) && verification.message) {
      const text = endingText(verification.message, { phoneFixed, othersOffered });
      announce(`${verification.message.title}. ${text}`);
    }
  }, [key, verification, phoneFixed, othersOffered, announce, t]);
}

/**
 * A panel's verification, as its method's DTO (`useVerification("sms")` is an SmsDto), and a
 * way to poll again at once. The page chose the panel by the verification's method, and the
 * method is checked here, so the panel can rely on its own fields.
 */
export function useVerification<M extends MethodName>(
  method: M,
): { verification: DtoOf<M>; refresh: () => void } {
  const status = useContext(StatusContext);
  if (!status || !isMethodDto(status.verification, method)) {
    throw new Error(`useVerification("${method}") outside its method's status view`);
  }
  return { verification: status.verification, refresh: status.refresh };
}

/**
 * The verification shown, if any: its number as a person reads it (+1 206 555 0142), and its
 * method.
 */
export function useShownVerification(): { phone: string; method: MethodName } | undefined {
  const verification = useContext(StatusContext)?.verification;
  return verification && { phone: verification.phoneDisplay, method: verification.method };
}

/** Where the success page's Continue leads, if anywhere. */
export function useSuccessUrl(): string | undefined {
  return useContext(StatusContext)?.successUrl;
}

/** The session this verification is an attempt of, if any. */
export function useSessionLink(): SessionLink | undefined {
  return useContext(StatusContext)?.session;
}

/** The route that starts `method` on this device, where not the browser API's. */
export function useStartPath(method: MethodName): string | undefined {
  return useContext(StatusContext)?.startPaths[method];
}

/**
 * The methods this verification's number may switch to: every offered one but its own; in a
 * session, the ones its app allows, in the app's order.
 */
export function useOtherMethods(): MethodName[] {
  const status = useContext(StatusContext);
  if (!status) return [];
  return otherMethodsOf(status.session?.methods ?? status.methods, status.verification.method);
}

/** The methods offered here (the session's, or the server's) other than `method`. */
function otherMethodsOf(offered: MethodName[], method: MethodName): MethodName[] {
  return offered.filter((name) => name !== method);
}

function NotFoundCard() {
  const { t } = useI18n();
  return (
    <Card className="space-y-4">
      <StateHeading>{t.status.notFoundTitle}</StateHeading>
      <p className="text-slate-600">{t.status.notFoundText}</p>
      <ButtonLink href="/">{t.status.notFoundAction}</ButtonLink>
    </Card>
  );
}
