"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { ComponentType } from "react";
import type { MethodPanelProps } from "@/components/method-panel-props";
import { PhoneCheckPanel } from "@/lib/methods/phonecheck/panel";
import { TruecallerPanel } from "@/lib/methods/truecaller/panel";
import { Alert, Card, Spinner } from "@/components/ui";
import { ApiFailure } from "@/lib/api-client";
import { verificationQuery } from "@/lib/queries";
import { SmsPanel } from "@/lib/methods/sms/panel";

// One status view for every method: it polls the status and hands it to the method's panel.
const panels: Record<string, ComponentType<MethodPanelProps>> = {
  sms: SmsPanel,
  truecaller: TruecallerPanel,
  phonecheck: PhoneCheckPanel,
};

export function StatusView({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const query = useQuery(verificationQuery(id));
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: verificationQuery(id).queryKey });

  if (query.isPending) {
    return (
      <Card>
        <Spinner label="Loading…" />
      </Card>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiFailure && query.error.status === 404;
    return (
      <Card className="space-y-4">
        <Alert>
          {missing
            ? "We can't find this verification. It may have been started in another browser, or the link is wrong."
            : query.error.message}
        </Alert>
        <Link href="/" className="text-brand-600 inline-block font-medium underline">
          Start a verification
        </Link>
      </Card>
    );
  }
  const Panel = panels[query.data.method];
  if (!Panel) return <Alert>This verification method is not supported here.</Alert>;
  return <Panel verification={query.data} refresh={refresh} />;
}
