import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { methods } from "@/lib/methods/registry";
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
      <SimulatedPhone initialNumber={number ?? ""}>
        {Object.entries(methods).map(([name, { PhoneSection }]) => (
          <PhoneSection key={name} />
        ))}
      </SimulatedPhone>
    </div>
  );
}
