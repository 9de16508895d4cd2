"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { Card } from "@/components/ui";
import { apiFetch } from "@/lib/api-client";
import { parsePhone } from "@/lib/phone";
import { SimulatedPhoneNumber } from "@/components/simulated-phone-number";

/** The number picker; `children` are the methods' sections, shown for the chosen number. */
export function SimulatedPhone({
  initialNumber,
  children,
}: {
  initialNumber: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [typed, setTyped] = useState(initialNumber);
  const [phone, setPhone] = useState(() => {
    const parsed = parsePhone(initialNumber);
    return parsed.ok ? parsed.phone.e164 : "";
  });
  const parsed = useMemo(() => parsePhone(typed), [typed]);
  const recent = useQuery({
    queryKey: ["sandbox", "numbers"],
    queryFn: () => apiFetch<{ numbers: string[] }>("/api/sandbox/phone/numbers"),
    refetchInterval: 3000,
  });

  function choose(number: string) {
    setTyped(number);
    setPhone(number);
    router.replace(`${pathname}?number=${encodeURIComponent(number)}`);
  }

  return (
    <div className="space-y-4">
      <Card className="space-y-3">
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (parsed.ok) choose(parsed.phone.e164);
          }}
        >
          <label className="sr-only" htmlFor="phone-number">
            Phone number
          </label>
          <input
            id="phone-number"
            type="tel"
            placeholder="+12065550123"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2"
          />
          <button
            type="submit"
            className="bg-brand-600 rounded-lg px-4 py-2 text-sm font-medium text-white"
          >
            Use this phone
          </button>
        </form>
        {typed.trim() !== "" && !parsed.ok && (
          <p className="text-sm text-red-700">{parsed.message}</p>
        )}
        {recent.data && recent.data.numbers.length > 0 && (
          <div className="flex flex-wrap gap-2 text-sm">
            <span className="text-slate-500">Recent:</span>
            {recent.data.numbers.map((number) => (
              <button
                key={number}
                type="button"
                onClick={() => choose(number)}
                className="rounded-full border border-slate-300 px-3 py-0.5 font-mono hover:bg-slate-100"
              >
                {number}
              </button>
            ))}
          </div>
        )}
      </Card>
      {phone ? (
        <div className="space-y-4" data-testid="phone" data-phone={phone}>
          <SimulatedPhoneNumber value={phone}>{children}</SimulatedPhoneNumber>
        </div>
      ) : (
        <p className="text-slate-600">
          Type or pick the phone&apos;s number to see what it receives.
        </p>
      )}
    </div>
  );
}
