import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { smsNumberRules } from "@/lib/methods/sms/emulator/rules";
import { SimulatedPhone } from "./simulated-phone";

export const metadata = { title: "Simulated phone – Phone Verify" };

export default async function SandboxPage({
  searchParams,
}: {
  searchParams: Promise<{ number?: string }>;
}) {
  if (!getEnv().sandboxEnabled) notFound();
  const { number } = await searchParams;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Simulated phone</h1>
        <p className="mt-1 text-slate-600">
          This page plays the person&apos;s phone: what the providers&apos; emulators deliver to a
          number shows up here.
        </p>
      </div>
      <SimulatedPhone initialNumber={number ?? ""} />
      <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <summary className="cursor-pointer font-medium">Number rules (SMS)</summary>
        <ul className="mt-2 space-y-1 text-slate-700">
          {Object.entries(smsNumberRules).map(([suffix, rule]) => (
            <li key={suffix}>
              Ending in <code className="font-mono">{suffix}</code>: {rule.replace("_", " ")}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
