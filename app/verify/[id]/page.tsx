import { headers } from "next/headers";
import { NotFoundCard, StatusShell } from "@/components/status-shell";
import { callerFromCookies } from "@/lib/api/caller";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { pageLocale } from "@/lib/i18n/page";
import { panels } from "@/lib/methods/panels";
import { methodChoices, verificationSessionId, verificationStatus } from "@/lib/methods/service";
import { sessionOfVerification } from "@/lib/sessions/hosted";

// The status view: the verification's first state, rendered here, then polled by the shell;
// the method's panel shows it. An attempt of a verification session switches only among the
// session's methods and ends back at its app.
export default async function VerifyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = callerFromCookies((await headers()).get("cookie"), await pageLocale());
  const verification = await verificationStatus(caller, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") return undefined;
    throw error;
  });
  if (!verification) return <NotFoundCard />;
  const Panel = panels[verification.method];
  const methods = methodChoices()
    .filter((choice) => choice.available)
    .map((choice) => choice.name);
  const session = await sessionOfVerification(await verificationSessionId(caller, id));
  return (
    <StatusShell
      id={id}
      initial={verification}
      successUrl={getEnv().SUCCESS_URL}
      methods={methods}
      session={session}
    >
      <Panel />
    </StatusShell>
  );
}
