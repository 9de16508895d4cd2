import { ButtonLink, Card } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

// /verify/<id> of no verification this browser may see (an unknown id, or one started in
// another browser, which gets the same answer): a 404 that says so, and the way to start one.
export default async function VerificationNotFound() {
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
