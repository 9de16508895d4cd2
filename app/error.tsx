"use client";

import { useEffect } from "react";
import { useI18n } from "@/components/i18n";
import { StateHeading } from "@/components/state-heading";
import { Button, ButtonLink, Card } from "@/components/ui";

// What a page shows when rendering it failed: why in a word, and two ways on. In the look of
// every failure card (components/ended-card.tsx, app/not-found.tsx): left-aligned, the heading
// the size of a state's, the words with it, the actions below.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card className="space-y-5">
      <div className="space-y-2">
        <StateHeading>{t.errorPage.title}</StateHeading>
        <p className="text-pretty text-slate-600">{t.errorPage.text}</p>
      </div>
      <div className="space-y-2">
        <Button onClick={() => retry()}>{t.errorPage.retry}</Button>
        <ButtonLink href="/" variant="secondary">
          {t.errorPage.home}
        </ButtonLink>
      </div>
    </Card>
  );
}
