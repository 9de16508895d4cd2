import { headers } from "next/headers";
import { NotFoundCard, StatusShell } from "@/components/status-shell";
import { callerFromCookies } from "@/lib/api/caller";
import { ApiError } from "@/lib/errors";
import { methods } from "@/lib/methods/registry";
import { verificationStatus } from "@/lib/methods/service";

// The status view: the verification's first state, rendered here, then polled by the shell;
// the method's panel shows it.
export default async function VerifyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = callerFromCookies((await headers()).get("cookie"));
  const verification = await verificationStatus(caller, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") return undefined;
    throw error;
  });
  if (!verification) return <NotFoundCard />;
  const { Panel } = methods[verification.method];
  return (
    <StatusShell id={id} initial={verification}>
      <Panel />
    </StatusShell>
  );
}
