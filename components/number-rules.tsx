"use client";

import { useI18n } from "./i18n";

/**
 * The simulated phone's documented number rules of one emulator, folded away: what a number
 * ending in each suffix makes the emulator do, in the catalogue's words.
 */
export function NumberRules({
  provider,
  rules,
}: {
  provider: string;
  rules: Record<string, string>;
}) {
  const { t, format } = useI18n();
  return (
    <details className="text-sm">
      {/* 44 px tall for a finger, its margins taking back the room it adds around the words. */}
      <summary className="-my-3 cursor-pointer rounded py-3 font-medium text-slate-700">
        {format(t.sandbox.rules, { provider })}
      </summary>
      <ul className="mt-2 space-y-1 text-slate-700">
        {Object.entries(rules).map(([suffix, rule]) => (
          <li key={suffix}>{format(t.sandbox.endingIn, { suffix, rule })}</li>
        ))}
      </ul>
    </details>
  );
}
