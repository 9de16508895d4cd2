import type { Metadata } from "next";
import { FailureCard } from "@/components/failure-card";
import { ButtonLink } from "@/components/ui";
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
    <FailureCard
      title={words.title}
      text={words.text}
      actions={<ButtonLink href="/">{words.home}</ButtonLink>}
    />
  );
}
