"use client";

import { useId, useRef, type RefObject } from "react";
import type { CountryOption, PhoneProblem } from "@/lib/phone";
import { useI18n } from "../i18n";
import { PhoneNumber } from "../phone-number";
import { Rich } from "../rich";
import { CountryPicker } from "./country-picker";

/**
 * The number: its country and its digits in one box, and a line under it that says what we
 * understood or what is wrong. The line keeps its height whatever it says, so that nothing
 * below it moves while a person types.
 */
export function PhoneField({
  countries,
  country,
  onCountry,
  number,
  onNumber,
  inputRef,
  onBlur,
  understood,
  problem,
}: {
  countries: CountryOption[];
  country: string;
  onCountry: (code: string) => void;
  number: string;
  onNumber: (value: string) => void;
  /** Reaches the number's box (the form puts the cursor back in it when it is wrong). */
  inputRef?: RefObject<HTMLInputElement | null>;
  onBlur: () => void;
  /** The number as we will verify it, once it is valid. */
  understood: string | undefined;
  /** What is wrong with it, once the person is done typing. */
  problem: PhoneProblem | undefined;
}) {
  const { t } = useI18n();
  const ids = { number: useId(), hint: useId() };
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  return (
    <div className="space-y-2">
      <label htmlFor={ids.number} className="block text-sm font-medium text-slate-900">
        {t.phone.label}
      </label>
      <div
        className={`relative flex rounded-xl border bg-white shadow-xs focus-within:ring-2 ${
          problem
            ? "border-red-500 focus-within:ring-red-200"
            : "focus-within:border-brand-600 focus-within:ring-brand-100 border-slate-300"
        }`}
      >
        <CountryPicker countries={countries} value={country} onChange={onCountry} next={input} />
        <input
          ref={input}
          id={ids.number}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder={t.phone.placeholder}
          value={number}
          onChange={(event) => onNumber(event.target.value)}
          onBlur={onBlur}
          aria-invalid={problem ? true : undefined}
          aria-describedby={ids.hint}
          className="min-w-0 flex-1 rounded-r-xl bg-transparent px-3 py-3 text-base tabular-nums outline-none"
        />
      </div>
      <p
        id={ids.hint}
        data-testid="phone-hint"
        className={`min-h-10 text-sm ${problem ? "text-red-700" : "text-slate-600"}`}
      >
        {problem ? (
          t.phone.errors[problem]
        ) : understood ? (
          <Rich text={t.phone.willVerify} values={{ phone: <PhoneNumber value={understood} /> }} />
        ) : (
          t.phone.hint
        )}
      </p>
    </div>
  );
}
