import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { callerFromCookies, pageOverHttps } from "@/lib/api/caller";
import { getEnv } from "@/lib/env";
import { firstCountry } from "@/lib/first-country";
import { countryOptions } from "@/lib/phone";
import { oneParam } from "@/lib/query-param";
import { pageMessages } from "@/lib/i18n/page";
import { clockOffset } from "@/lib/clock";
import { phoneSections } from "@/lib/methods/phone-sections";
import { providerModes } from "@/lib/methods/service";
import { clockRefusal } from "@/lib/sandbox/clock";
import { numbersStartedBy } from "@/lib/sandbox/recent";
import { SandboxClock } from "./sandbox-clock";
import { PhoneSectionSlot, SimulatedPhone } from "./simulated-phone";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.sandbox };
}

/**
 * The number in `?number=`, as a person may have typed it into the address bar: a "+" there
 * arrives as a space (form encoding), and spaces or dashes may sit between the digits.
 */
function numberFromAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/[\s\-().]/g, "");
  const international = /^\+?\d{6,15}$/.test(digits) && /^[\s+]/.test(raw);
  return international ? `+${digits.replace(/^\+/, "")}` : raw.trim();
}

export default async function SandboxPage({
  searchParams,
}: {
  searchParams: Promise<{ number?: string | string[] }>;
}) {
  if (!getEnv().sandboxEnabled) notFound();
  const [query, { t, locale }, list] = await Promise.all([searchParams, pageMessages(), headers()]);
  const number = numberFromAddress(oneParam(query.number));
  // Opened without a number: the phone of the number this browser started last.
  const recent = await numbersStartedBy(
    callerFromCookies(list.get("cookie"), undefined, pageOverHttps(list)),
  );
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-950">{t.sandbox.title}</h1>
        <p className="text-slate-600">{t.sandbox.lead}</p>
      </div>
      <SimulatedPhone
        initialNumber={number ?? recent[0] ?? ""}
        recent={recent}
        // The start page's first country: a national number is the same number on both.
        country={firstCountry(
          countryOptions(getEnv().ALLOWED_COUNTRIES, locale).map((option) => option.code),
        )}
      >
        {Object.entries(phoneSections).map(([name, Section]) => (
          <PhoneSectionSlot key={name} name={name}>
            <Section />
          </PhoneSectionSlot>
        ))}
      </SimulatedPhone>
      {/* Where it may move (no real provider; on a public demo only with SANDBOX_CLOCK=1). */}
      {clockRefusal(providerModes()) === undefined && (
        <SandboxClock initialOffsetSeconds={clockOffset() / 1000} />
      )}
    </div>
  );
}
