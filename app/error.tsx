"use client";

import { useEffect } from "react";
import { useI18n } from "@/components/i18n";
import { StateHeading } from "@/components/state-heading";
import { Button, ButtonLink, Card } from "@/components/ui";

// What a page shows when rendering it failed: why in a word, and two ways on.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card className="space-y-4">
      <StateHeading className="text-2xl font-semibold tracking-tight">
        {t.errorPage.title}
      </StateHeading>
      <p className="text-pretty text-slate-600">{t.errorPage.text}</p>
      <div className="space-y-2">
        <Button onClick={() => retry()}>{t.errorPage.retry}</Button>
        <ButtonLink href="/" variant="secondary">
          {t.errorPage.home}
        </ButtonLink>
      </div>
    </Card>
  );
}
