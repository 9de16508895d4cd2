import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { StatusShell } from "@/components/status-shell";
import { verificationTitle } from "@/components/verification-title";
import { callerFromCookies, pageOverHttps } from "@/lib/api/caller";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { pageLocale, pageMessages } from "@/lib/i18n/page";
import { panels } from "@/lib/methods/panels";
import { methodsReaching, verificationAndSession } from "@/lib/methods/service";
import { methodNames } from "@/lib/method-names";
import { deviceOf } from "@/lib/core/device";
import { startPathsFor } from "@/lib/sessions/choose-method";
import { sessionOfVerification } from "@/lib/sessions/hosted";

// The status view: the verification's first state, rendered here, then polled by the shell;
// the method's panel shows it. An attempt of a verification session switches only among the
// session's methods and ends back at its app.

type Params = { params: Promise<{ id: string }> };

/**
 * This browser's verification `id` (undefined: none it may see) and the id of the session it is
 * an attempt of, read once per request.
 */
const load = cache(async (id: string) => {
  const [list, locale] = await Promise.all([headers(), pageLocale()]);
  const caller = callerFromCookies(list.get("cookie"), locale, pageOverHttps(list));
  return await verificationAndSession(caller, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") {
      return { verification: undefined, sessionId: null };
    }
    throw error;
  });
});

// The title says the first state; the status view keeps it in step as the state changes.
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const [{ verification }, { t }] = await Promise.all([load(id), pageMessages()]);
  if (!verification) return { title: t.server.titles.verificationNotFound };
  return { title: verificationTitle(t, verification) };
}

export default async function VerifyPage({ params }: Params) {
  const { id } = await params;
  const { verification, sessionId } = await load(id);
  // A 404, with this segment's card (./not-found.tsx): an unknown id, or another browser's.
  if (!verification) notFound();
  const Panel = panels[verification.method];
  // The switches offered: only methods that can reach this number (no SMS to a +44 number).
  const methods = methodsReaching(verification.phone, methodNames);
  const inSession = await sessionOfVerification(sessionId);
  const session = inSession && {
    ...inSession,
    methods: methodsReaching(verification.phone, inSession.methods),
  };
  // A switch starts a method as the start page (or the hosted page) would on this device.
  const device = deviceOf((await headers()).get("user-agent"));
  const startPaths = startPathsFor(session?.methods ?? methods, device);
  return (
    <StatusShell
      id={id}
      initial={verification}
      successUrl={getEnv().SUCCESS_URL}
      methods={methods}
      startPaths={startPaths}
      session={session}
    >
      <Panel />
    </StatusShell>
  );
}
