"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useAnnounce } from "@/components/announcer";
import { asksForChallenge, Challenge } from "@/components/challenge";
import { Countdown, formatSeconds, useSecondsLeft } from "@/components/countdown";
import { EndedCard } from "@/components/ended-card";
import { useFailureText } from "@/components/failure-text";
import { useI18n } from "@/components/i18n";
import { PhoneNumber } from "@/components/phone-number";
import { resumeOrStart } from "@/components/resumable-attempts";
import { Rich } from "@/components/rich";
import { SimulatedPhoneNote, StartAgainLink } from "@/components/shared-links";
import { StateHeading } from "@/components/state-heading";
import { useOtherMethods, useSessionLink, useVerification } from "@/components/status-shell";
import { OtherMethods } from "@/components/switch-method-button";
import type { MethodName } from "@/lib/method-names";
import { Alert, Button, Card, Spinner } from "@/components/ui";
import { VerifiedCard } from "@/components/verified-card";
import { verificationOf } from "@/lib/api-client";
import { UseThisPhoneButton, useIsAndroid, useOpenTruecaller } from "./deep-link-buttons";
import type { TruecallerDto } from "./details";

// The Truecaller method in the status view: "check your phone" while Truecaller asks the
// person, their name once it is done, and for every other ending why, with a way out. The
// person taps Continue in Truecaller: the words here and on the simulated phone say so.

export function TruecallerPanel() {
  const { verification } = useVerification("truecaller");
  if (verification.status === "approved") return <VerifiedCard verification={verification} />;
  if (verification.status !== "pending") return <Ended verification={verification} />;
  return verification.truecaller.flow === "deeplink" ? (
    <DeepLinkWaiting verification={verification} />
  ) : (
    <PushWaiting verification={verification} />
  );
}

// Truecaller tells the app nothing of a push declined or never seen: once a person would have
// answered it, the page says so and makes the other methods the way on, rather than spinning
// until the request's ten minutes are out.
const PUSH_ANSWERED_WITHIN_MS = 40_000;

/**
 * True once a person would have answered the prompt: `PUSH_ANSWERED_WITHIN_MS` after it was
 * pushed, by the server's clock (a reload, or a page opened later, does not start it over).
 */
function usePromptLate(verification: TruecallerDto): boolean {
  const { promptedAt } = verification.truecaller;
  const lateAt =
    promptedAt === null
      ? null
      : new Date(Date.parse(promptedAt) + PUSH_ANSWERED_WITHIN_MS).toISOString();
  return useSecondsLeft(lateAt, verification) === 0;
}

function PushWaiting({ verification }: { verification: TruecallerDto }) {
  const { t, format } = useI18n();
  const android = useIsAndroid();
  const late = usePromptLate(verification);
  // Past that time, the prompt may go again (in its place), once Truecaller's interval between
  // two prompts to a number allows: the button counts down to it.
  const left = useSecondsLeft(verification.truecaller.promptAgainAt, verification);
  const waiting = left !== null && left > 0;
  const again = {
    method: "truecaller" as const,
    label: waiting
      ? format(t.truecaller.promptAgainIn, { time: formatSeconds(left) })
      : t.truecaller.promptAgain,
    disabled: waiting,
    replaces: verification.id,
  };
  return (
    <Card className="space-y-6" key="push">
      <div className="space-y-2">
        <StateHeading>{t.truecaller.checkPhone}</StateHeading>
        <p className="text-slate-600">
          <Rich
            text={t.truecaller.askingOn}
            values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
          />
        </p>
      </div>
      {/* Past the time a person answers in, nothing is expected any more: no spinner beside
          the words that say so (the request itself stays open till it expires). */}
      <Waiting
        verification={verification}
        label={
          !late
            ? t.truecaller.waitingApproval
            : // What the buttons below offer now: the prompt again, not yet, or (Android) here.
              android
              ? t.truecaller.noAnswerYetHere
              : waiting
                ? t.truecaller.noAnswerYetWait
                : t.truecaller.noAnswerYet
        }
        still={late}
      />
      <div className="space-y-2">
        {android && <UseThisPhoneButton phone={verification.phone} replaces={verification.id} />}
        <OtherMethods
          phone={verification.phone}
          primary={late}
          // On Android, "on this phone" above is the way to go again.
          also={late && !android && verification.truecaller.promptAgainAt ? again : undefined}
        />
      </div>
      <StartAgainLink othersShown />
    </Card>
  );
}

function DeepLinkWaiting({ verification }: { verification: TruecallerDto }) {
  const { t } = useI18n();
  const details = verification.truecaller;
  if (details.deepLink)
    return <OpenTruecaller link={details.deepLink} verification={verification} />;
  return (
    <Card className="space-y-6" key="deeplink">
      <DeepLinkHeading verification={verification} />
      <Waiting verification={verification} label={t.truecaller.waiting} />
      <div className="space-y-2">
        <OtherMethods phone={verification.phone} />
      </div>
      <StartAgainLink othersShown />
    </Card>
  );
}

/**
 * "Continue in Truecaller": what the deep link will do, on this phone; once it `opened`, only
 * the heading (the wait below says what to do there).
 */
function DeepLinkHeading({
  verification,
  opened = false,
}: {
  verification: TruecallerDto;
  opened?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-2">
      <StateHeading>{t.truecaller.continueTitle}</StateHeading>
      {/* Once open, no longer said as to come; the number stays on the page. */}
      <p className="text-slate-600">
        <Rich
          text={opened ? t.truecaller.numberToShare : t.truecaller.opensHere}
          values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
        />
      </p>
    </div>
  );
}

/**
 * The deep link's button, then either the wait for Truecaller or, where it did not open, a card
 * that says so in its heading (which takes focus, so it is heard) and offers the other methods
 * as the way on: nothing is coming on this phone, so no spinner, and the first other method is
 * the one primary action (a second try at Truecaller stays, below them, in the words of every
 * other Truecaller retry). Once open, the wait says so, once, as what it waits for, and the
 * button (where it was, so that focus stays on it) only offers to open Truecaller again.
 */
function OpenTruecaller({ link, verification }: { link: string; verification: TruecallerDto }) {
  const { t } = useI18n();
  const failureText = useFailureText();
  // No other method here (an app that allows Truecaller alone): trying again is the way on.
  const alone = useOtherMethods().length === 0;
  const open = useOpenTruecaller({
    link,
    sandbox: verification.truecaller.sandbox,
    phone: verification.phone,
  });
  // Whether Truecaller took the link the last time it was tried: kept while a new try runs.
  const [opened, setOpened] = useState(false);
  const tryOpen = () => open.mutate(undefined, { onSuccess: setOpened });
  if (open.data === false) {
    return (
      <Card className="space-y-6" key="deeplink-not-opened">
        <NotOpenedTitle />
        <div className="space-y-2">
          <StateHeading>{t.truecaller.notOpenedTitle}</StateHeading>
          <p className="text-slate-600">
            <Rich
              text={alone ? t.truecaller.notOpenedTextAlone : t.truecaller.notOpenedText}
              values={{ phone: <PhoneNumber value={verification.phoneDisplay} /> }}
            />
          </p>
        </div>
        <div className="space-y-2">
          <OtherMethods phone={verification.phone} primary />
          <Button variant={alone ? "primary" : "secondary"} onClick={tryOpen}>
            {t.truecaller.askAgain}
          </Button>
        </div>
        <StartAgainLink othersShown />
      </Card>
    );
  }
  return (
    <Card className="space-y-6" key="deeplink">
      <DeepLinkHeading verification={verification} opened={opened} />
      <div className="space-y-3">
        <Button
          variant={opened ? "secondary" : "primary"}
          pending={open.isPending}
          onClick={tryOpen}
        >
          {opened ? t.truecaller.openAgain : t.truecaller.open}
        </Button>
        {open.isError && <Alert>{failureText(open.error)}</Alert>}
      </div>
      {/* Nothing to wait for before Truecaller is opened: only the time left. */}
      <Waiting
        verification={verification}
        label={opened ? t.truecaller.opened : undefined}
        // The simulated phone shows the sheet only once the link is opened: said as to come.
        sandboxNote={opened ? undefined : t.truecaller.sandboxOnceOpened}
      />
      <div className="space-y-2">
        <OtherMethods phone={verification.phone} />
      </div>
      <StartAgainLink othersShown />
    </Card>
  );
}

/**
 * What the page waits for (`label`, with a spinner, or without one once `still`; none: only
 * the time left), and till when.
 */
function Waiting({
  verification,
  label,
  still = false,
  sandboxNote,
}: {
  verification: TruecallerDto;
  label?: string;
  still?: boolean;
  /** The sandbox's words, where not "the prompt shows on the simulated phone". */
  sandboxNote?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-3 rounded-xl bg-slate-50 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
        {label && <Spinner label={label} still={still} />}
        <Countdown until={verification.expiresAt} timed={verification} />
      </div>
      {verification.truecaller.sandbox && (
        <SimulatedPhoneNote phone={verification.phone} text={sandboxNote ?? t.truecaller.sandbox} />
      )}
    </div>
  );
}

/**
 * How an attempt ended. In a verification session, a number that is not on Truecaller moves on
 * by itself to the app's next method: the person did nothing wrong and has nothing to choose
 * (docs/sessions.md#choosing-the-method-on-the-hosted-page). Every other ending offers the
 * next method in one tap.
 */
function Ended({ verification }: { verification: TruecallerDto }) {
  const session = useSessionLink();
  const next = useOtherMethods()[0];
  const [moving, setMoving] = useState(
    session !== undefined && next !== undefined && verification.reason === "not_truecaller_user",
  );
  if (moving && session && next && next !== "truecaller") {
    return (
      <MovingOn
        verification={verification}
        session={session.id}
        next={next}
        onStop={() => setMoving(false)}
      />
    );
  }
  return <EndedChoice verification={verification} />;
}

// How long "not on Truecaller: sending a code instead" stays before the next attempt's page.
const NOTE_MS = 1500;

// The attempts that moved on already, in this tab: coming back to one (the browser's Back, a
// reload, its address typed again) shows its ending and its choices instead of starting the
// next method again.
const movedOn = new Set<string>();
const MOVED_ON_KEY = "pv:moved-on:";

/** Claims the move on from `id` for this tab: false when it was made already. */
function claimMoveOn(id: string): boolean {
  if (movedOn.has(id)) return false;
  movedOn.add(id);
  try {
    if (sessionStorage.getItem(MOVED_ON_KEY + id)) return false;
    sessionStorage.setItem(MOVED_ON_KEY + id, "1");
  } catch {
    // No storage (a private mode): the in-memory set still covers the Back button.
  }
  return true;
}

/** "Not on Truecaller: sending a code instead": the next attempt starts, then its page opens. */
function MovingOn({
  verification,
  session,
  next,
  onStop,
}: {
  verification: TruecallerDto;
  session: string;
  next: MethodName;
  onStop: () => void;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const announce = useAnnounce();
  const label = t.methods[next].movingOn;
  const title = verification.message?.title;
  const shownAt = useRef(0);
  // The next attempt's page replaces this one (Back does not come here again), once the note has
  // been on screen long enough to read, and said before that page says its own first words.
  const go = (id: string) => {
    const wait = Math.max(0, NOTE_MS - (Date.now() - shownAt.current));
    setTimeout(() => router.replace(`/verify/${id}`), wait);
  };
  const start = useMutation({
    // Back to this tab's pending attempt of that method, if any: no second SMS.
    mutationFn: (challenge?: string) =>
      resumeOrStart({ method: next, phone: verification.phone, session, challenge }),
    onSuccess: ({ verification: started }) => go(started.id),
    // An SMS that could not be sent still made an attempt: its page says so and offers a resend.
    onError: (error) => {
      const started = verificationOf(error);
      if (started) go(started.id);
    },
  });
  const begun = useRef(false);
  useEffect(() => {
    if (begun.current) return;
    begun.current = true;
    shownAt.current = Date.now();
    if (!claimMoveOn(verification.id)) {
      onStop();
      return;
    }
    announce(title ? `${title}. ${label}` : label);
    start.mutate(undefined);
  }, [announce, label, onStop, start, title, verification.id]);

  const problem = start.isError && !verificationOf(start.error) ? start.error : undefined;
  // The proof-of-work check is no dead end: solved, it sends the same start again.
  const check = problem && asksForChallenge(problem);
  if (problem && !check) return <EndedChoice verification={verification} problem={problem} />;
  return (
    <Card className="space-y-5" key="moving-on">
      <div className="space-y-2">
        <StateHeading>{title}</StateHeading>
        <p>
          <PhoneNumber value={verification.phoneDisplay} testId="ended-phone" />
        </p>
      </div>
      {check ? (
        // The check holds the move on: the method it leads to is said above it (that a code
        // will be sent, the check says itself), and the way out stays.
        <>
          <p className="text-slate-600">{t.methods[next].nextInstead}</p>
          <Challenge onSolved={start.mutate} />
          <StartAgainLink />
        </>
      ) : (
        // Said once, by the page's live region: not a status of its own, which would say it twice.
        <div className="flex items-center gap-2 rounded-xl bg-slate-50 p-4 text-sm text-slate-700">
          <Spinner />
          <span>{label}</span>
        </div>
      )}
    </Card>
  );
}

function EndedChoice({
  verification,
  problem,
}: {
  verification: TruecallerDto;
  /** Why the automatic move on did not start: the choices are offered instead. */
  problem?: Error;
}) {
  const { t } = useI18n();
  const failureText = useFailureText();
  return (
    <EndedCard
      key={verification.reason ?? verification.status}
      verification={verification}
      sandbox={verification.truecaller.sandbox}
      note={problem && <Alert>{failureText(problem)}</Alert>}
      again={t.truecaller.askAgain}
    />
  );
}

/**
 * "Truecaller did not open", in the tab's title too, while the page says so: a state the page
 * alone knows (the verification is still pending), so the status view's title does not say it.
 * The verification's own title comes back after it.
 */
function NotOpenedTitle() {
  const { t, format } = useI18n();
  const title = format(t.status.titleEnded, { reason: t.truecaller.notOpenedTitle });
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
  return null;
}
