import type { Metadata } from "next";
import { ButtonLink, Card } from "@/components/ui";
import { pageMessages } from "@/lib/i18n/page";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await pageMessages();
  return { title: t.server.titles.notFound };
}

// Any page that does not exist, and the sandbox's pages when the sandbox is off. In the look of
// every failure card (components/ended-card.tsx, app/error.tsx).
export default async function NotFound() {
  const { t } = await pageMessages();
  const words = t.server.notFound;
  return (
    <Card className="space-y-5">
      <div className="space-y-2">
        <h1 className="text-xl font-semibold tracking-tight text-slate-950">{words.title}</h1>
        <p className="text-slate-600">{words.text}</p>
      </div>
      <ButtonLink href="/">{words.home}</ButtonLink>
    </Card>
  );
}
