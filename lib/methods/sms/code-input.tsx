"use client";

import { useEffect, useLayoutEffect, useRef, type ClipboardEvent, type KeyboardEvent } from "react";
import { useI18n } from "@/components/i18n";

/**
 * A one-time code, one box per digit. Typing moves on, Backspace moves back, the arrows move
 * between boxes, Tab leaves after the box for the next digit; a pasted or autofilled code (`autocomplete="one-time-code"` on the first box:
 * iOS and Android offer the code from the SMS) fills every box at once, whatever spaces or
 * dashes it carries. `focusRef` reaches the first box. A digit typed while the focus is on no
 * field (the state's heading, where a new state puts it) goes where the next digit goes: a person
 * who reads the code off their phone types it at once, as on any sign-in page.
 */
export function CodeInput({
  length,
  value,
  onChange,
  invalid,
  disabled,
  labelledBy,
  describedBy,
  focusRef,
}: {
  length: number;
  value: string;
  onChange: (code: string) => void;
  invalid: boolean;
  disabled: boolean;
  labelledBy: string;
  describedBy: string;
  focusRef?: React.RefObject<HTMLInputElement | null>;
}) {
  const { t, format } = useI18n();
  const boxes = useRef<(HTMLInputElement | null)[]>([]);
  // The code as typed so far, ahead of the next render: focus moves before React renders again.
  const typed = useRef(value);
  useLayoutEffect(() => {
    typed.current = value;
  }, [value]);
  const change = (next: string) => {
    typed.current = next;
    onChange(next);
  };
  const digits = Array.from({ length }, (_, index) => value[index] ?? "");
  /** Focus to box `index`, its digit selected (typed over) unless `select` is false. */
  const focus = (index: number, select = true) => {
    const box = boxes.current[Math.max(0, Math.min(index, length - 1))];
    box?.focus();
    // Focusing selects (onFocus); the last digit just typed is not to be typed over: the cursor
    // goes after it, rather than a highlight on it while the code is checked.
    if (select) box?.select();
    else box?.setSelectionRange(1, 1);
  };

  /**
   * Digits entered at box `index`: one moves on, several fill from there; a whole code
   * (autofill, paste) fills from the first box, wherever it landed. The code has no gaps: a box
   * past the first empty one is never typed in (see onFocus).
   */
  function enter(index: number, entered: string) {
    const incoming = entered.replace(/\D/g, "");
    if (incoming === "") return;
    const from = incoming.length >= length ? 0 : Math.min(index, value.length);
    const code = (value.slice(0, from) + incoming).slice(0, length);
    // Focus first, then the change: a complete code is sent at once, and its form may move
    // focus on (to its busy Verify) where this must not take it back.
    typed.current = code;
    const next = from + incoming.length;
    focus(next, next < length);
    change(code);
  }

  useEffect(() => {
    if (disabled) return;
    function typeAhead(event: globalThis.KeyboardEvent) {
      if (!/^\d$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.isComposing || event.defaultPrevented || typed.current.length >= length) return;
      // Only where the focus is on nothing to act on: the page, a state's heading (which a new
      // state focuses), or the code's own submit button, which waits for these digits (a
      // person who clicked it too soon types on); not another button or a link moved to.
      const focused = document.activeElement;
      const takesDigits = "[data-focus-target], [data-code-submit]";
      if (focused && focused !== document.body && !focused.matches(takesDigits)) return;
      // Focus moves before the key's character is entered: it lands in that box.
      boxes.current[typed.current.length]?.focus();
    }
    document.addEventListener("keydown", typeAhead);
    return () => document.removeEventListener("keydown", typeAhead);
  }, [disabled, length]);

  function onInput(index: number, raw: string) {
    const typed = raw.replace(/\D/g, "");
    if (typed === "") {
      // A phone keyboard's delete arrives as an input event, not as a key.
      change(value.slice(0, index) + value.slice(index + 1));
      return;
    }
    const digit = digits[index];
    // Typed beside the digit already there: the new one is what was added.
    enter(index, typed.length < length && digit ? typed.replace(digit, "") || digit : typed);
  }

  function onKeyDown(index: number, event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Backspace") {
      event.preventDefault();
      const at = digits[index] ? index : index - 1;
      if (at < 0) return;
      change(value.slice(0, at) + value.slice(at + 1));
      focus(at);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      focus(index - 1);
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      focus(index + 1);
    }
  }

  return (
    <div
      role="group"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className="flex justify-between gap-1.5 sm:gap-2"
    >
      {digits.map((digit, index) => (
        <input
          key={index}
          ref={(element) => {
            boxes.current[index] = element;
            if (index === 0 && focusRef) focusRef.current = element;
          }}
          name={index === 0 ? "code" : undefined}
          autoComplete={index === 0 ? "one-time-code" : "off"}
          inputMode="numeric"
          pattern="[0-9]*"
          aria-label={format(t.sms.digit, { n: index + 1, total: length })}
          aria-invalid={invalid || undefined}
          disabled={disabled}
          // Tab goes through the digits typed and the box for the next one, then on out of the
          // code: a box past it would send focus back (onFocus), and Tab would never leave.
          tabIndex={index <= value.length ? 0 : -1}
          value={digit}
          onChange={(event) => onInput(index, event.target.value)}
          onKeyDown={(event) => onKeyDown(index, event)}
          onPaste={(event: ClipboardEvent<HTMLInputElement>) => {
            event.preventDefault();
            enter(index, event.clipboardData.getData("text"));
          }}
          onFocus={(event) => {
            if (index > typed.current.length) focus(typed.current.length);
            else event.target.select();
          }}
          className="focus:border-brand-600 focus:ring-brand-100 h-14 w-full min-w-0 rounded-xl border border-slate-300 bg-white text-center text-2xl font-semibold text-slate-950 tabular-nums shadow-xs outline-none focus:ring-2 disabled:bg-slate-100 aria-invalid:border-red-500 aria-invalid:bg-red-50 sm:h-16"
        />
      ))}
    </div>
  );
}
