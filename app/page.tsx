import { headers } from "next/headers";
import { SignedInNote } from "@/components/signed-in-note";
import { SignedOutNote } from "@/components/signed-out-note";
import { StartForm } from "@/components/start/start-form";
import { signedInPhone } from "@/lib/api/caller";
import { deviceOf } from "@/lib/core/device";
import { getEnv } from "@/lib/env";
import { pageMessages } from "@/lib/i18n/page";
import { methods } from "@/lib/methods/registry";
import { methodChoices } from "@/lib/methods/service";
import { countryOptions, formatPhone } from "@/lib/phone";
import { startPathsFor } from "@/lib/sessions/choose-method";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const env = getEnv();
  const [{ locale, t }, list, query] = await Promise.all([pageMessages(), headers(), searchParams]);
  // A verification signed this browser in: it says so, as the success page did.
  const signedIn = signedInPhone(list);
  const choices = methodChoices().map((choice) => {
    const { Icon } = methods[choice.name];
    return { ...choice, icon: <Icon /> };
  });
  // A method starts as it would on the hosted page on this device: on an Android phone,
  // Truecaller by its deep link, on this phone, not by a push to the phone in the person's hand.
  const device = deviceOf(list.get("user-agent"));
  const startPaths = startPathsFor(
    choices.filter((choice) => choice.available).map((choice) => choice.name),
    device,
  );
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-950 sm:text-3xl">
          {t.start.title}
        </h1>
        <p className="text-slate-600">{t.start.lead}</p>
      </div>
      {/* Just signed out (/api/session/sign-out sends the person here): it says so. */}
      {!signedIn && query["signed-out"] !== undefined && (
        <SignedOutNote text={t.server.signedIn.signedOut} />
      )}
      {signedIn && (
        <SignedInNote
          phone={formatPhone(signedIn)}
          text={t.server.signedIn.text}
          signOut={t.server.signedIn.signOut}
        />
      )}
      <StartForm
        countries={countryOptions(env.ALLOWED_COUNTRIES, locale)}
        allowedCountries={env.ALLOWED_COUNTRIES}
        methods={choices}
        startPaths={startPaths}
        takesHandedBack
      />
    </div>
  );
}
