"use client";

import type { ReactNode } from "react";
import type { MethodName } from "@/lib/method-names";
import { useI18n } from "../i18n";

/** A method as a start form offers it; `icon` comes from the method's folder. */
export type MethodChoice = {
  name: MethodName;
  available: boolean;
  icon?: ReactNode;
  /** The countries whose numbers it reaches (ISO codes), where not every one. */
  countries?: readonly string[];
};

/**
 * The choice of method: one card each, in the order given. Each card is a native radio (unseen,
 * over the card, so that clicks, arrows, Space and screen readers work as for any radio group)
 * with its label drawn around it.
 */
export function MethodCards({
  methods,
  value,
  refused,
  onChange,
}: {
  methods: MethodChoice[];
  value: MethodName;
  /** The methods this number cannot use, and why: each card says so and cannot be chosen. */
  refused?: { method: MethodName; why: string }[];
  onChange: (method: MethodName) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-900">{t.start.methodLegend}</legend>
      <div className="grid gap-2">
        {methods.map((method) => {
          const words = t.methods[method.name];
          const checked = value === method.name;
          const why = refused?.find((one) => one.method === method.name)?.why;
          const closed = !method.available || why !== undefined;
          return (
            <label
              key={method.name}
              className={`has-[:focus-visible]:outline-brand-600 relative flex items-start gap-3 rounded-xl border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 ${
                closed
                  ? "cursor-not-allowed border-dashed border-slate-300 bg-slate-50"
                  : checked
                    ? "border-brand-600 bg-brand-50 ring-brand-600 cursor-pointer ring-1"
                    : "cursor-pointer border-slate-200 bg-white hover:border-slate-400"
              }`}
            >
              <input
                type="radio"
                name="method"
                value={method.name}
                checked={checked}
                disabled={closed}
                onChange={() => onChange(method.name)}
                // Over the whole card, unseen: a click anywhere on it is a click on the radio.
                className="absolute inset-0 size-full cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed"
              />
              {method.icon && (
                <span
                  aria-hidden
                  className={`flex size-10 shrink-0 items-center justify-center rounded-lg ${
                    checked
                      ? "bg-brand-600 text-white"
                      : closed
                        ? "bg-slate-100 text-slate-400"
                        : "bg-slate-100 text-slate-700"
                  }`}
                >
                  {method.icon}
                </span>
              )}
              <span className="min-w-0 flex-1">
                <span
                  className={`block font-semibold ${closed ? "text-slate-600" : "text-slate-950"}`}
                >
                  {words.title}
                </span>
                {/* Closed for this number: why, in the place of what it would do (a limit of
                    ours, not a mistake of the person's, so not in red). */}
                {why ? (
                  <span className="block text-sm text-slate-700" data-testid="method-refused">
                    {why}
                  </span>
                ) : (
                  <span className="block text-sm text-slate-600">{words.description}</span>
                )}
                {!method.available && (
                  <span className="mt-1 block text-xs font-medium text-slate-700">
                    {t.start.methodUnavailable}
                  </span>
                )}
              </span>
              {/* A card that cannot be chosen draws no radio to choose it by. */}
              {!closed && (
                <span
                  aria-hidden
                  className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border-2 ${
                    checked ? "border-brand-600 bg-brand-600" : "border-slate-300 bg-white"
                  }`}
                >
                  {checked && <span className="size-2 rounded-full bg-white" />}
                </span>
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
