import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";

export const metadata = { robots: { index: false } };

// /_empty: a page with nothing on it, under the same root layout as every page. It is what
// scripts/first-load.ts compares the pages' first-load JavaScript with; served only with the
// sandbox on, like everything else that exists for tests and demos.
export default function EmptyPage() {
  if (!getEnv().sandboxEnabled) notFound();
  return null;
}
