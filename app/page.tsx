import { StartForm } from "@/components/start/start-form";
import { getEnv } from "@/lib/env";
import { pageMessages } from "@/lib/i18n/page";
import { methods } from "@/lib/methods/registry";
import { methodChoices } from "@/lib/methods/service";
import { countryOptions } from "@/lib/phone";

export default async function HomePage() {
  const env = getEnv();
  const { locale, t } = await pageMessages();
  const choices = methodChoices().map((choice) => {
    const { Icon } = methods[choice.name];
    return { ...choice, icon: <Icon /> };
  });
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-950 sm:text-3xl">
          {t.start.title}
        </h1>
        <p className="text-slate-600">{t.start.lead}</p>
      </div>
      <StartForm
        countries={countryOptions(env.ALLOWED_COUNTRIES, locale)}
        allowedCountries={env.ALLOWED_COUNTRIES}
        methods={choices}
      />
    </div>
  );
}
