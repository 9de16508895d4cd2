import { ButtonLink, Card } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

/**
 * The 404 card of a verification (or a session: to a person, the same thing) not found, in the
 * look of every failure card (components/ended-card.tsx, app/not-found.tsx).
 */
export async function VerificationNotFound() {
  const { t } = await pageMessages();
  return (
    <Card className="space-y-5">
      <div className="space-y-2">
        <h1 className="text-xl font-semibold tracking-tight text-slate-950">
          {t.status.notFoundTitle}
        </h1>
        <p className="text-slate-600">{t.status.notFoundText}</p>
      </div>
      <ButtonLink href="/">{t.status.notFoundAction}</ButtonLink>
    </Card>
  );
}
