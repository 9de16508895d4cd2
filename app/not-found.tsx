import type { Metadata } from "next";
import { ButtonLink, Card } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.notFound };
}

// Any page that does not exist, and the sandbox's pages when the sandbox is off.
export default async function NotFound() {
  const { t } = await pageMessages();
  const words = t.server.notFound;
  return (
    <Card className="space-y-4 text-center">
      <p className="text-brand-700 text-sm font-semibold">{words.code}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{words.title}</h1>
      <p className="text-slate-600">{words.text}</p>
      <ButtonLink href="/">{words.home}</ButtonLink>
    </Card>
  );
}
