import { FailureCard } from "@/components/failure-card";
import { ButtonLink } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

/** The 404 card of a verification (or a session: to a person, the same thing) not found. */
export async function VerificationNotFound() {
  const { t } = await pageMessages();
  return (
    <FailureCard
      title={t.status.notFoundTitle}
      text={t.status.notFoundText}
      actions={<ButtonLink href="/">{t.status.notFoundAction}</ButtonLink>}
    />
  );
}
