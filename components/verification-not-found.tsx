import { ButtonLink, Card } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

/** The 404 card of a verification (or a session: to a person, the same thing) not found. */
export async function VerificationNotFound() {
  const { t } = await pageMessages();
  return (
    <Card className="space-y-4 text-center">
      <p className="text-brand-700 text-sm font-semibold">{t.server.notFound.code}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{t.status.notFoundTitle}</h1>
      <p className="text-slate-600">{t.status.notFoundText}</p>
      <ButtonLink href="/">{t.status.notFoundAction}</ButtonLink>
    </Card>
  );
}
