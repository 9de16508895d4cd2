"use client";

import { useEffect } from "react";
import { useI18n } from "@/components/i18n";
import { FailureCard } from "@/components/failure-card";
import { Button, ButtonLink } from "@/components/ui";

// What a page shows when rendering it failed: why in a word, and two ways on.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <FailureCard
      title={t.errorPage.title}
      text={t.errorPage.text}
      focus
      actions={
        <div className="space-y-2">
          <Button onClick={() => retry()}>{t.errorPage.retry}</Button>
          <ButtonLink href="/" variant="secondary">
            {t.errorPage.home}
          </ButtonLink>
        </div>
      }
    />
  );
}
