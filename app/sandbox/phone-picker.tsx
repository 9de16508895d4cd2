"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useI18n } from "@/components/i18n";
import { loadPhoneParser, usePhoneFormat } from "@/components/start/phone-parser";
import { Button, Card } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";

/**
 * The phone's number: typed as on the start page (with + and its country code, or a national
 * number of `country`, the start page's first country), or one of the numbers this browser
 * started verifications of.
 */
export function PhonePicker({
  initial,
  recent,
  country,
  onChoose,
}: {
  initial: string;
  country: string;
  /** What the page knew; polled for numbers started since. */
  recent: string[];
  onChoose: (e164: string) => void;
}) {
  const { t } = useI18n();
  const formatPhone = usePhoneFormat();
  const ids = { input: useId(), problem: useId() };
  // Until the person types, the number it had, written as every page writes one (once the
  // phone-number library has loaded: as given until then).
  const [edited, setEdited] = useState<string>();
  const typed = edited ?? (initial ? formatPhone(initial) : "");
  const [problem, setProblem] = useState<string>();
  // The phone-number library loads on the first use: the button says it is at work meanwhile.
  const [checking, setChecking] = useState(false);
  const numbers = useQuery({
    queryKey: ["sandbox", "numbers"],
    queryFn: () => apiFetch<{ numbers: string[] }>("/api/sandbox/phone/numbers"),
    initialData: { numbers: recent },
    refetchInterval: 5000,
  });

  async function submit() {
    const text = typed.trim();
    setChecking(true);
    const parsed = await loadPhoneParser()
      .then((parse) => parse(text, { country }))
      .finally(() => setChecking(false));
    if (!parsed.ok) return setProblem(t.phone.errors[parsed.reason]);
    setProblem(undefined);
    onChoose(parsed.phone.e164);
  }

  return (
    <Card className="space-y-4">
      <p className="text-sm text-slate-600">{t.sandbox.pick}</p>
      <form
        className="space-y-2"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={ids.input} className="block text-sm font-medium text-slate-900">
          {t.sandbox.numberLabel}
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id={ids.input}
            type="tel"
            placeholder="+12065550123"
            value={typed}
            onChange={(event) => setEdited(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.problem : undefined}
            className="focus:border-brand-600 focus:ring-brand-100 min-w-0 flex-1 rounded-xl border border-slate-300 px-3 py-2.5 text-base tabular-nums outline-none focus:ring-2 aria-invalid:border-red-500"
          />
          <div className="sm:w-auto">
            <Button type="submit" className="sm:w-auto" pending={checking}>
              {t.sandbox.use}
            </Button>
          </div>
        </div>
        {problem && (
          <p id={ids.problem} className="text-sm text-red-700">
            {problem}
          </p>
        )}
      </form>
      {numbers.data.numbers.length > 0 && (
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700">{t.sandbox.recent}</p>
          <ul className="flex flex-wrap gap-2" data-testid="recent-numbers">
            {numbers.data.numbers.map((number) => (
              <li key={number}>
                <button
                  type="button"
                  onClick={() => onChoose(number)}
                  className="min-h-11 rounded-full border border-slate-300 bg-white px-4 text-sm whitespace-nowrap tabular-nums hover:bg-slate-100"
                >
                  {formatPhone(number)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
