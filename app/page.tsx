import { getEnv } from "@/lib/env";
import { methodChoices } from "@/lib/methods/service";
import { countryOptions } from "@/lib/phone";
import { StartForm } from "./start-form";

export default function HomePage() {
  const env = getEnv();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Verify your phone number</h1>
        <p className="mt-1 text-slate-600">
          Prove that this number is yours. It takes a few seconds.
        </p>
      </div>
      <StartForm
        countries={countryOptions(env.ALLOWED_COUNTRIES)}
        allowedCountries={env.ALLOWED_COUNTRIES}
        methods={methodChoices()}
      />
    </div>
  );
}
