"use client";

import { useRef, useState, type RefObject } from "react";
import type { CountryOption } from "@/lib/phone";
import { useI18n } from "../i18n";
import { CountryList } from "./country-list";
import { Flag } from "./flag";

/**
 * The country of a national number: a button with the flag and the dial code, opening a
 * searchable list (names in the page's language, each with its flag and dial code). Place it
 * inside a `relative` box: the list opens below that box, as wide as it.
 */
export function CountryPicker({
  countries,
  value,
  onChange,
  next,
}: {
  countries: CountryOption[];
  value: string;
  onChange: (code: string) => void;
  /** Where focus goes once a country is chosen: the number. */
  next?: RefObject<HTMLInputElement | null>;
}) {
  const { t, format } = useI18n();
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const chosen = countries.find((country) => country.code === value);
  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  }
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        data-testid="country-picker"
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex shrink-0 items-center gap-1.5 rounded-l-xl border-r border-slate-300 px-3 text-sm font-medium text-slate-900 hover:bg-slate-50"
      >
        {/* Named by words a screen reader says, not by the flag and digits a reader sees. */}
        <span className="sr-only">
          {chosen
            ? format(t.countries.current, { country: chosen.name, code: chosen.callingCode })
            : t.countries.label}
        </span>
        {chosen && <Flag code={chosen.code} />}
        <span aria-hidden className="tabular-nums">
          +{chosen?.callingCode}
        </span>
        <svg viewBox="0 0 20 20" className="size-4 text-slate-600" aria-hidden="true">
          <path d="M5.5 7.5 10 12l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.75" />
        </svg>
      </button>
      {open && (
        <CountryList
          countries={countries}
          value={value}
          onChoose={(code) => {
            onChange(code);
            setOpen(false);
            (next?.current ?? trigger.current)?.focus();
          }}
          onClose={close}
          trigger={trigger}
        />
      )}
    </>
  );
}
