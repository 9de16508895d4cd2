"use client";

import { useEffect, useId, useMemo, useRef, useState, type RefObject } from "react";
import type { CountryOption } from "@/lib/phone";
import { useI18n } from "../i18n";
import { Flag } from "./flag";

// The country picker's open part: a search box (a combobox, WAI-ARIA APG's "list autocomplete"
// pattern) over the list of countries. The arrows move, Enter chooses, Escape closes.

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/**
 * Countries whose name, code, dial code or another name people know it by ("UK", "USA")
 * matches: exact codes and other names first, then names that start with the query.
 */
function matchCountries(
  countries: CountryOption[],
  query: string,
  aliases: ReadonlyMap<string, string[]>,
): CountryOption[] {
  const q = fold(query.trim()).replace(/^\+/, "");
  if (q === "") return countries;
  const exact: CountryOption[] = [];
  const starts: CountryOption[] = [];
  const contains: CountryOption[] = [];
  for (const country of countries) {
    const name = fold(country.name);
    const others = aliases.get(country.code) ?? [];
    if (country.code.toLowerCase() === q || country.callingCode === q || others.includes(q)) {
      exact.push(country);
    } else if (name.startsWith(q) || others.some((alias) => alias.startsWith(q))) {
      starts.push(country);
    } else if (name.includes(q) || country.callingCode.startsWith(q)) {
      contains.push(country);
    }
  }
  return [...exact, ...starts, ...contains];
}

/** The catalogue's other names ("UK, Great Britain, …" by country), folded for matching. */
function foldAliases(aliases: Readonly<Record<string, string>>): Map<string, string[]> {
  return new Map(
    Object.entries(aliases).map(([code, names]) => [
      code,
      names
        .split(",")
        .map((alias) => fold(alias.trim()))
        .filter(Boolean),
    ]),
  );
}

export function CountryList({
  countries,
  value,
  onChoose,
  onClose,
  trigger,
}: {
  countries: CountryOption[];
  value: string;
  onChoose: (code: string) => void;
  /** Closed without a choice: `refocus` after Escape, not after a click elsewhere. */
  onClose: (refocus: boolean) => void;
  /** The button that opened the list: its own click closes it, so it is not "elsewhere". */
  trigger: RefObject<HTMLElement | null>;
}) {
  const { t, format, plural } = useI18n();
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState("");
  // Folded once per language, not at each keystroke.
  const aliases = useMemo(
    () => foldAliases(t.countries.aliases as Readonly<Record<string, string>>),
    [t.countries.aliases],
  );
  const shown = useMemo(
    () => matchCountries(countries, query, aliases),
    [countries, query, aliases],
  );
  const [active, setActive] = useState(() =>
    Math.max(
      0,
      countries.findIndex((country) => country.code === value),
    ),
  );
  const current = shown[Math.min(active, shown.length - 1)];
  const optionId = (code: string) => `${id}-${code}`;

  useEffect(() => {
    if (current)
      document.getElementById(optionId(current.code))?.scrollIntoView({ block: "nearest" });
    // optionId is derived from id, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  useEffect(() => {
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      // Closing here on the trigger's pointerdown, its click would open the list again.
      if (panel.current?.contains(target) || trigger.current?.contains(target)) return;
      onClose(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [onClose, trigger]);

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const last = shown.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(active + 1, last),
      ArrowUp: Math.max(active - 1, 0),
      PageDown: Math.min(active + 8, last),
      PageUp: Math.max(active - 8, 0),
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === "Enter" || (event.key === "Tab" && query !== "")) {
      // Tab after a search takes the match, as a select would.
      event.preventDefault();
      if (current) onChoose(current.code);
      else onClose(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose(true);
    } else if (event.key === "Tab") {
      event.preventDefault();
      onClose(true);
    }
  }

  return (
    // Out over the field's 1px border on each side, and close under it: exactly as wide as the
    // field, with its rounded corners above the hint's first line, so that nothing under it
    // peeks out at its edges.
    <div
      ref={panel}
      className="absolute -inset-x-px top-full z-20 mt-1 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-lg"
    >
      <div className="border-b border-slate-200 p-2">
        <input
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={current ? optionId(current.code) : undefined}
          aria-autocomplete="list"
          aria-label={t.countries.search}
          placeholder={t.countries.searchPlaceholder}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="min-h-11 w-full rounded-lg border border-slate-300 px-3 py-2 text-base sm:text-sm"
        />
      </div>
      <ul
        role="listbox"
        id={`${id}-list`}
        aria-label={t.countries.label}
        className="max-h-72 overflow-y-auto py-1"
      >
        {shown.map((country, index) => (
          <li
            key={country.code}
            id={optionId(country.code)}
            role="option"
            // The highlighted option is the selected one (WAI-ARIA APG's listbox: selection
            // follows focus, here the active descendant); the chosen country is marked apart.
            aria-selected={country === current}
            data-active={country === current || undefined}
            data-chosen={country.code === value || undefined}
            // Keep focus in the search box: the click chooses, it does not blur.
            onPointerDown={(event) => event.preventDefault()}
            onClick={() => onChoose(country.code)}
            onPointerMove={() => setActive(index)}
            className="data-active:bg-brand-50 flex cursor-pointer items-center gap-3 px-3 py-2 text-sm data-chosen:font-semibold"
          >
            <Flag code={country.code} lazy />
            <span className="flex-1">{country.name}</span>
            <span className="text-slate-600 tabular-nums">+{country.callingCode}</span>
          </li>
        ))}
      </ul>
      {shown.length === 0 && (
        <p className="px-3 py-4 text-sm text-slate-600">{format(t.countries.none, { query })}</p>
      )}
      <p className="sr-only" aria-live="polite">
        {query && plural(t.countries.results, shown.length)}
      </p>
    </div>
  );
}
