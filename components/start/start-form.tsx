"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { startVerification, verificationOf } from "@/lib/api-client";
import { parsePhone, type CountryOption } from "@/lib/phone";
import { Button, Card } from "@/components/ui";
import type { MethodName } from "@/lib/methods/dto";
import { StartProblem } from "./start-problem";

/** A method as the start page offers it. */
type MethodChoice = {
  name: MethodName;
  title: string;
  description: string;
  available: boolean;
};

function defaultCountry(countries: CountryOption[]): string {
  return countries.some((c) => c.code === "US") ? "US" : (countries[0]?.code ?? "US");
}

export function StartForm({
  countries,
  allowedCountries,
  methods,
}: {
  countries: CountryOption[];
  allowedCountries: string[];
  methods: MethodChoice[];
}) {
  const router = useRouter();
  const ids = { country: useId(), number: useId(), hint: useId() };
  const [country, setCountry] = useState(() => defaultCountry(countries));
  const [number, setNumber] = useState("");
  const [touched, setTouched] = useState(false);
  const [method, setMethod] = useState<MethodName>(
    () => (methods.find((option) => option.available) ?? methods[0])?.name ?? "sms",
  );
  const chosen = methods.find((option) => option.name === method);
  const parsed = useMemo(
    () => parsePhone(number, { country, allowedCountries }),
    [number, country, allowedCountries],
  );
  const start = useMutation({
    mutationFn: (options: { method: MethodName; challenge?: string }) => {
      if (!parsed.ok) throw new Error(parsed.message);
      return startVerification({ ...options, phone: parsed.phone.e164 });
    },
    onSuccess: ({ verification }) => router.push(`/verify/${verification.id}`),
    onError: (error) => {
      const verification = verificationOf(error);
      if (verification) router.push(`/verify/${verification.id}`);
    },
  });
  const showError = touched && number.trim() !== "" && !parsed.ok;

  return (
    <Card>
      <form
        noValidate
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (parsed.ok && chosen?.available) start.mutate({ method });
        }}
      >
        <div className="space-y-2">
          <label htmlFor={ids.number} className="block text-sm font-medium">
            Phone number
          </label>
          <div className="flex gap-2">
            <select
              id={ids.country}
              aria-label="Country"
              value={country}
              onChange={(event) => setCountry(event.target.value)}
              className="w-36 rounded-lg border border-slate-300 bg-white px-2 py-2.5 text-sm"
            >
              {countries.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name} (+{option.callingCode})
                </option>
              ))}
            </select>
            <input
              id={ids.number}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="Number"
              value={number}
              onChange={(event) => {
                setNumber(event.target.value);
                if (event.target.value.replace(/\D/g, "").length >= 6) setTouched(true);
              }}
              onBlur={() => setTouched(true)}
              aria-invalid={showError || undefined}
              aria-describedby={ids.hint}
              className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2.5 aria-invalid:border-red-400"
            />
          </div>
          <p id={ids.hint} className={`text-sm ${showError ? "text-red-700" : "text-slate-500"}`}>
            {showError && !parsed.ok
              ? parsed.message
              : parsed.ok
                ? `We will verify ${parsed.phone.international}.`
                : "Your national number, or the full number starting with +."}
          </p>
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">How do you want to verify it?</legend>
          {methods.map((option) => {
            const enabled = option.available;
            return (
              <label
                key={option.name}
                className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 ${
                  method === option.name ? "border-brand-500 bg-brand-50" : "border-slate-200"
                } ${enabled ? "" : "cursor-not-allowed opacity-60"}`}
              >
                <input
                  type="radio"
                  name="method"
                  value={option.name}
                  checked={method === option.name}
                  disabled={!enabled}
                  onChange={() => setMethod(option.name)}
                  className="mt-1"
                />
                <span>
                  <span className="block font-medium">
                    {option.title}
                    {!enabled && (
                      <span className="ml-2 text-xs font-normal text-slate-500">
                        (not configured on this server)
                      </span>
                    )}
                  </span>
                  <span className="block text-sm text-slate-600">{option.description}</span>
                </span>
              </label>
            );
          })}
        </fieldset>

        {start.isError && !verificationOf(start.error) && (
          <StartProblem
            error={start.error}
            method={method}
            others={methods.filter((option) => option.available && option.name !== method)}
            onRetry={(options) => {
              setMethod(options.method);
              start.mutate(options);
            }}
          />
        )}
        <Button type="submit" pending={start.isPending} className="w-full">
          {start.isPending ? "Starting…" : "Verify"}
        </Button>
      </form>
    </Card>
  );
}
