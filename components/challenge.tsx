"use client";

import type {} from "altcha/types/react";
import { useEffect, useRef, useState, type CSSProperties } from "react";
import { ApiFailure } from "@/lib/api-client";
import { useAnnounce } from "./announcer";
import { bringIntoView } from "./bring-into-view";
import { useI18n } from "./i18n";
import { Alert, Button, Spinner } from "./ui";

// The widget is 320px at most by default: as wide as the buttons around it instead, and as round.
const fullWidth = {
  display: "block",
  "--altcha-max-width": "100%",
  "--altcha-border-radius": "0.75rem",
} as CSSProperties;

type AltchaRegistry = { i18n: { set: (language: string, words: Record<string, string>) => void } };

/** The server asks for the proof-of-work check before it sends anything (403 challenge_required). */
export function asksForChallenge(error: unknown): boolean {
  return error instanceof ApiFailure && error.code === "challenge_required";
}

/**
 * The proof-of-work check (ALTCHA, self-hosted) the server asks for when traffic looks
 * automated. The widget is a checkbox, so a keyboard reaches it; solving takes a second or so
 * of this browser's CPU. Loaded only when asked for: it stays out of the first page load.
 */
export function Challenge({
  onSolved,
  takeFocus = false,
}: {
  onSolved: (payload: string) => void;
  /**
   * Brought into view when it shows, and its checkbox (or Try again) given the keyboard once
   * there: where nothing else on the card is the way on (the start forms).
   */
  takeFocus?: boolean;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<HTMLElement>(null);
  const [loaded, setLoaded] = useState(false);
  // The widget's code could not be fetched (a dropped connection, a deploy in between): said,
  // with a way to fetch it again, rather than a spinner for ever.
  const [failed, setFailed] = useState(false);
  const [tries, setTries] = useState(0);
  // It appears below the button that was pressed, where a screen reader would not look. Said
  // once; where it takes focus, after that (a move of focus cuts short what is being said).
  const said = useRef(false);
  const sayWhy = () => {
    if (said.current) return;
    said.current = true;
    announce(t.start.robot);
  };
  // The button pressed, which has focus when the check shows.
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    if (!takeFocus) {
      sayWhy();
      return;
    }
    opener.current = document.activeElement;
    if (box.current) bringIntoView(box.current);
    // Once, when the check appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const element = box.current;
    if (!takeFocus || !element || (!loaded && !failed)) return;
    if (takeControl(element, opener.current)) {
      sayWhy();
      return;
    }
    // The widget draws its checkbox a moment after it is added.
    const observer = new MutationObserver(() => {
      if (!takeControl(element, opener.current)) return;
      observer.disconnect();
      sayWhy();
    });
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
    // Each time what the check shows settles: the widget, or Try again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [takeFocus, loaded, failed]);
  useEffect(() => {
    let cancelled = false;
    import("altcha").then(
      () => {
        // The widget's own words, from our catalogue, under the page's language.
        const registry = (globalThis as { $altcha?: AltchaRegistry }).$altcha;
        registry?.i18n.set(locale, t.start.widget);
        if (!cancelled) setLoaded(true);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [locale, t, tries]);
  useEffect(() => {
    const element = widget.current;
    if (!loaded || !element) return;
    const verified = (event: Event) => {
      const payload = (event as CustomEvent<{ payload?: string }>).detail?.payload;
      if (payload) onSolved(payload);
    };
    element.addEventListener("verified", verified);
    return () => element.removeEventListener("verified", verified);
  }, [loaded, onSolved]);
  return (
    <div
      ref={box}
      className="space-y-2"
      data-testid="challenge"
      // Holds focus while the widget loads again after Try again (which goes away when pressed).
      tabIndex={takeFocus ? -1 : undefined}
      data-focus-target={takeFocus ? "" : undefined}
    >
      <p className="text-sm text-slate-700">{t.start.robot}</p>
      {failed ? (
        <div className="space-y-2">
          <Alert>{t.start.robotFailed}</Alert>
          <Button
            variant="secondary"
            onClick={() => {
              if (takeFocus) box.current?.focus({ preventScroll: true });
              setFailed(false);
              setTries((count) => count + 1);
            }}
          >
            {t.errorPage.retry}
          </Button>
        </div>
      ) : loaded ? (
        <altcha-widget
          ref={widget}
          challenge="/api/challenge"
          name="challenge"
          language={locale}
          style={fullWidth}
        />
      ) : (
        <Spinner label={t.start.robotLoading} />
      )}
    </div>
  );
}

/**
 * Gives the check's first control (the widget's checkbox, or Try again) the keyboard, and
 * brings the check, grown by it, into view; false while there is none yet. Focus moves only
 * from where it was left: the button pressed, or nowhere (Try again, pressed, went away), or
 * inside the check; not from a field the person went on to meanwhile.
 */
function takeControl(box: HTMLElement, opener: Element | null): boolean {
  const control = box.querySelector<HTMLElement>("input[type=checkbox], button");
  if (!control) return false;
  const focused = document.activeElement;
  if (!focused || focused === opener || focused === document.body || box.contains(focused)) {
    control.focus({ preventScroll: true });
  }
  bringIntoView(box);
  return true;
}
